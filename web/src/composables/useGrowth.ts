// Everything the growth page shows of one provider: its history, and for the chosen cycle the
// explanation, task status and ledger; its violations, entitlements and the program's
// capabilities. Reloads when the provider or the cycle changes.
import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import {
  getEntitlements,
  getExplanation,
  getGrowth,
  listCapabilities,
  listEntries,
  listTaskStatus,
  listViolations,
} from '../api/rating'
import type { Capability, Entitlements, Entry, Explanation, Growth, TaskStatus, Violation } from '../api/ratingTypes'

export function useGrowth(providerId: Ref<number | null>) {
  const growth = shallowRef<Growth | null>(null)
  const cycleId = ref<number | null>(null)
  const explanation = shallowRef<Explanation | null>(null)
  const tasks = shallowRef<TaskStatus[]>([])
  const entries = shallowRef<Entry[]>([])
  const violations = shallowRef<Violation[]>([])
  const entitlements = shallowRef<Entitlements | null>(null)
  const capabilities = shallowRef<Capability[]>([])
  const loading = ref(false)
  const cycle = computed(() => growth.value?.history.find((h) => h.cycle_id === cycleId.value) ?? null)
  let generation = 0

  async function loadProvider(): Promise<void> {
    const pid = providerId.value
    const mine = ++generation
    growth.value = null
    explanation.value = null
    cycleId.value = null
    if (pid === null) return
    loading.value = true
    try {
      const g = await getGrowth(pid)
      if (mine !== generation) return
      growth.value = g
      cycleId.value = g.open_cycle_id ?? g.history[g.history.length - 1]?.cycle_id ?? null
      const [caps, ent, vio] = await Promise.all([
        listCapabilities(g.program_id).catch(() => []),
        getEntitlements(pid).catch(() => null),
        listViolations({ provider_id: pid }).catch(() => []),
      ])
      if (mine !== generation) return
      capabilities.value = caps
      entitlements.value = ent
      violations.value = vio
    } catch {
      // The client showed the error.
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  async function loadCycle(): Promise<void> {
    const pid = providerId.value
    const cid = cycleId.value
    if (pid === null || cid === null) {
      explanation.value = null
      tasks.value = []
      entries.value = []
      return
    }
    try {
      const [e, ts, es] = await Promise.all([getExplanation(cid, pid), listTaskStatus(cid, pid), listEntries(cid, pid)])
      if (pid !== providerId.value || cid !== cycleId.value) return
      explanation.value = e
      tasks.value = ts
      entries.value = es
    } catch {
      // The client showed the error.
    }
  }

  /** After an action: the cycle's figures, the history and the violations may all have changed. */
  async function refresh(): Promise<void> {
    const pid = providerId.value
    if (pid === null) return
    const keep = cycleId.value
    const [g, vio] = await Promise.all([getGrowth(pid).catch(() => null), listViolations({ provider_id: pid }).catch(() => null)])
    if (g) growth.value = g
    if (vio) violations.value = vio
    if (keep === cycleId.value) await loadCycle()
  }

  watch(providerId, loadProvider, { immediate: true })
  watch(cycleId, loadCycle)

  return { growth, cycleId, cycle, explanation, tasks, entries, violations, entitlements, capabilities, loading, refresh }
}
