// One panel of the travel dashboard: its rows for the company and months chosen, reloaded when
// either changes (a late answer to an earlier choice is dropped), its loading and error state, and
// its CSV download — as one reactive object a panel card can take as a prop.
import { reactive, ref, shallowRef, watch, type Ref } from 'vue'
import { ApiError, type Problem } from '../api/http'
import { getAnalyticsCsv, getAnalyticsPanel, type AnalyticsDimension, type AnalyticsRow, type MonthRange } from '../api/travelAnalytics'
import { downloadFile } from './useFileDownload'

/** `limit`: the most rows, or how many for the range chosen (the months of the range). */
export function useAnalyticsPanel(organizationId: Ref<number | null>, range: Ref<MonthRange>, dimension: AnalyticsDimension, limit: number | (() => number)) {
  const limitNow = () => (typeof limit === 'function' ? limit() : limit)
  const items = shallowRef<AnalyticsRow[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const problem = ref<Problem | null>(null)
  const exporting = ref(false)

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
      const panel = await getAnalyticsPanel(org, dimension, range.value, limitNow())
      if (mine !== generation) return
      items.value = panel.items
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

  /** Downloads the panel as CSV (the client shows a failure). */
  async function exportCsv(): Promise<void> {
    const org = organizationId.value
    if (org === null) return
    exporting.value = true
    const { from, to } = range.value
  const rows = limitNow()
    try {
      await downloadFile(() => getAnalyticsCsv(org, dimension, { from, to }, rows), `travel-${dimension}-${from}-${to}.csv`)
    } catch {
      // shown by the HTTP client
    } finally {
      exporting.value = false
    }
  }

  return reactive({ dimension, items, loading, loaded, problem, exporting, load, exportCsv })
}

export type AnalyticsPanelState = ReturnType<typeof useAnalyticsPanel>

/**
 * What a panel card needs of a panel: its name (data-test="analytics-<dimension>"), its rows, its
 * loading and error state and a retry; a CSV export where the panel has one. The analytics panels
 * and the provider scorecards (useProviderScorecards) both fit it.
 */
export interface PanelView {
  dimension: string
  items: readonly unknown[]
  loading: boolean
  loaded: boolean
  problem: Problem | null
  load: () => Promise<void>
  exporting?: boolean
  exportCsv?: () => Promise<void>
}
