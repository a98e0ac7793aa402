// The departments of one organization (reloaded when it changes) and their tree.
import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { listDepartments } from '../api/departments'
import type { Department } from '../api/registryTypes'
import { departmentTree } from '../registry/departmentTree'

export function useDepartments(organizationId: Ref<number | null>) {
  const items = shallowRef<Department[]>([])
  const loading = ref(false)
  let generation = 0

  async function reload(): Promise<void> {
    const mine = ++generation
    const id = organizationId.value
    if (id === null) {
      items.value = []
      return
    }
    loading.value = true
    try {
      const list = await listDepartments(id)
      if (mine === generation) items.value = list
    } catch {
      if (mine === generation) items.value = [] // the client showed the error
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  watch(organizationId, reload, { immediate: true })

  return { items, loading, reload, tree: computed(() => departmentTree(items.value)) }
}
