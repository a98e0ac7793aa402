// A client company's travel policy with its ETag, reloaded when the company changes. The editor
// works on a copy and hands the saved policy back with `replace`.
import { ref, shallowRef, watch, type Ref } from 'vue'
import type { ApiResponse } from '../api/http'
import { getTravelPolicy } from '../api/travel'
import type { TravelPolicy } from '../api/travelTypes'

export function useTravelPolicy(organizationId: Ref<number | null>) {
  const policy = shallowRef<TravelPolicy | null>(null)
  const etag = shallowRef<string | null>(null)
  const loading = ref(false)
  let generation = 0
  let shown: number | null = null

  function replace(res: ApiResponse<TravelPolicy>): void {
    policy.value = res.data
    etag.value = res.etag ?? `"${res.data.version}"`
  }

  async function reload(): Promise<void> {
    const mine = ++generation
    const id = organizationId.value
    // Another company's policy is not shown meanwhile; the same company's stays until replaced.
    if (id !== shown) {
      policy.value = null
      etag.value = null
      shown = id
    }
    loading.value = id !== null
    if (id === null) return
    try {
      const res = await getTravelPolicy(id)
      if (mine === generation) replace(res)
    } catch {
      // the client showed the error
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  watch(organizationId, reload, { immediate: true })

  return { policy, etag, loading, reload, replace }
}
