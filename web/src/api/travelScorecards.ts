// Provider scorecards (服务商评分卡): every travel provider serving a client company measured the same
// way from the platform's own records, best first
// (GET /organizations/{id}/travel-provider-scorecards, src/travel/scorecard_api.cpp). Loaded quietly,
// like the dashboard's panels: the panel explains its own failure.
import { request } from './http'
import type { MonthRange } from './travelAnalytics'

export const SCORECARD_BANDS = ['good', 'warning', 'blocked', 'provisional'] as const
/**
 * Below 30 `blocked` (the provider takes no new bookings of the company, judged over the last 90
 * days), below 50 `warning`; with fewer than 5 segments `provisional` (never blocked).
 */
export type ScorecardBand = (typeof SCORECARD_BANDS)[number]

/** One provider's scorecard over the months asked. Money in fen. */
export interface ProviderScorecard {
  provider_id: number
  name: string
  /** Segments it served in the period. */
  segments: number
  spend_fen: number
  /** Its price against the lowest offer for the same product in the search, averaged (basis points); null: none priced. */
  price_over_market_bp: number | null
  /** How long suppliers took to confirm its bookings, averaged; null: none timed. */
  average_confirm_ms: number | null
  /** Its segments cancelled by the supplier or missed. */
  disruptions: number
  /** Of them, replaced. */
  reaccommodated: number
  /** Not measured yet: comes with the service desk. */
  complaint_rate_bp: number | null
  /** 100 at the market's lowest price, 0 at 20 % above it. */
  price_score: number | null
  /** 100 within a second, 0 at half a minute. */
  confirmation_score: number | null
  /** The share of disruptions re-accommodated. */
  reaccommodation_score: number | null
  /** 0–100: the weighted mean (price 50, confirmation 20, re-accommodation 30) of the scores there are. */
  score: number
  band: ScorecardBand
}

export async function getProviderScorecards(organizationId: number, range: MonthRange): Promise<ProviderScorecard[]> {
  const query = { from: range.from, to: range.to }
  return (await request<{ items: ProviderScorecard[] }>('GET', `/organizations/${organizationId}/travel-provider-scorecards`, { query, quiet: true })).data.items
}
