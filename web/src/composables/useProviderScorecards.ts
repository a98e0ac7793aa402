// The provider scorecards panel of the travel dashboard: the company's travel providers over the
// months chosen, reloaded when the company or the months change (a late answer to an earlier choice
// is dropped), with its loading and error state — shaped like an analytics panel (PanelView), so the
// same card shows it.
import { reactive, ref, shallowRef, watch, type Ref } from 'vue'
import { ApiError, type Problem } from '../api/http'
import type { MonthRange } from '../api/travelAnalytics'
import { getProviderScorecards, type ProviderScorecard } from '../api/travelScorecards'

export function useProviderScorecards(organizationId: Ref<number | null>, range: Ref<MonthRange>) {
  const items = shallowRef<ProviderScorecard[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const problem = ref<Problem | null>(null)

  let generation = 0
  async function load(): Promise<void> {
    const mine = ++generation
    const org = organizationId.value
    problem.value = null
    if (org === null) {
      items.value = []
      loaded.value = false
      loading.value = false
      return
    }
    loading.value = true
    try {
      const cards = await getProviderScorecards(org, range.value)
      if (mine !== generation) return
      // Best first, as the server sends them (kept so should it ever not).
      items.value = [...cards].sort((a, b) => b.score - a.score)
      loaded.value = true
    } catch (err) {
      if (mine !== generation) return
      items.value = []
      loaded.value = false
      problem.value =
        err instanceof ApiError
          ? err.problem
          : { type: 'about:blank', title: 'Error', status: 0, code: 'error', detail: err instanceof Error ? err.message : String(err) }
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  watch([organizationId, () => range.value.from, () => range.value.to], load, { immediate: true })

  return reactive({ dimension: 'scorecards', items, loading, loaded, problem, load })
}

export type ProviderScorecardsState = ReturnType<typeof useProviderScorecards>
