// One list with cursor pagination ("load more" follows next_cursor) and a filter that restarts it.
import { ref, shallowRef } from 'vue'
import type { Page } from '../api/types'

export const PAGE_LIMIT = 50

export function useCursorList<T, Q extends object>(
  fetchPage: (query: Q & { limit: number; cursor: string | null }) => Promise<Page<T>>,
  filter: () => Q,
) {
  const items = shallowRef<T[]>([])
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const loaded = ref(false)
  let generation = 0

  async function load(cursor: string | null): Promise<void> {
    const mine = ++generation
    loading.value = true
    try {
      const page = await fetchPage({ ...filter(), limit: PAGE_LIMIT, cursor })
      if (mine !== generation) return // a newer filter superseded this answer
      items.value = cursor ? [...items.value, ...page.items] : page.items
      nextCursor.value = page.next_cursor
      loaded.value = true
    } catch {
      // The HTTP client already showed the error.
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  return {
    items,
    nextCursor,
    loading,
    loaded,
    reload: () => load(null),
    loadMore: () => (nextCursor.value ? load(nextCursor.value) : Promise.resolve()),
  }
}
