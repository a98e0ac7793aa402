// The side navigation, as data: a later module adds its pages by adding entries here (and its
// route in router.ts). An entry with no roles is for everyone; otherwise any listed role opens it.
import type { Component } from 'vue'
import {
  Calendar,
  Collection,
  DataAnalysis,
  DataBoard,
  Document,
  DocumentChecked,
  Finished,
  MapLocation,
  Medal,
  OfficeBuilding,
  Present,
  Setting,
  Share,
  Shop,
  Stamp,
  Suitcase,
  Ticket,
  TrendCharts,
  Trophy,
  User,
  Van,
} from '@element-plus/icons-vue'
import type { Role } from './api/types'

export interface NavItem {
  /** Name of the route in router.ts. */
  route: string
  /** vue-i18n key of the label. */
  labelKey: string
  roles: Role[]
  icon?: Component
}

export const navItems: NavItem[] = [
  { route: 'dashboard', labelKey: 'nav.dashboard', roles: [], icon: DataBoard },
  { route: 'providers', labelKey: 'nav.providers', roles: [], icon: Shop },
  { route: 'departments', labelKey: 'nav.departments', roles: ['client_admin', 'operator_admin', 'employee'], icon: Share },
  { route: 'travel-search', labelKey: 'nav.travelSearch', roles: ['employee', 'client_admin'], icon: Ticket },
  { route: 'travel-trips', labelKey: 'nav.travelTrips', roles: ['employee', 'client_admin'], icon: MapLocation },
  { route: 'travel-requests', labelKey: 'nav.travelRequests', roles: ['employee', 'client_admin'], icon: DocumentChecked },
  { route: 'travel-policy', labelKey: 'nav.travelPolicy', roles: ['client_admin', 'operator_admin'], icon: Suitcase },
  { route: 'travel-analytics', labelKey: 'nav.travelAnalytics', roles: ['client_admin', 'operator_admin'], icon: DataAnalysis },
  { route: 'organizations', labelKey: 'nav.organizations', roles: ['operator_admin'], icon: OfficeBuilding },
  { route: 'users', labelKey: 'nav.users', roles: ['operator_admin'], icon: User },
  { route: 'suppliers', labelKey: 'nav.suppliers', roles: ['operator_admin'], icon: Van },
  { route: 'audit', labelKey: 'nav.audit', roles: ['operator_admin'], icon: Document },
  { route: 'admission-review', labelKey: 'nav.admissionReview', roles: ['reviewer', 'operator_admin'], icon: Stamp },
  { route: 'admission-programs', labelKey: 'nav.admissionPrograms', roles: ['operator_admin'], icon: Collection },
  { route: 'calendar', labelKey: 'nav.calendar', roles: ['operator_admin'], icon: Calendar },
  { route: 'growth', labelKey: 'nav.growth', roles: ['provider_admin', 'provider_staff', 'operator_admin', 'reviewer'], icon: TrendCharts },
  { route: 'rating-board', labelKey: 'nav.ratingBoard', roles: ['operator_admin', 'reviewer'], icon: Medal },
  { route: 'rating-reviews', labelKey: 'nav.ratingReviews', roles: ['reviewer', 'operator_admin'], icon: Finished },
  { route: 'rating-catalogues', labelKey: 'nav.ratingCatalogues', roles: ['operator_admin'], icon: Setting },
  { route: 'rating-leaderboards', labelKey: 'nav.ratingLeaderboards', roles: [], icon: Trophy },
  { route: 'rating-campaigns', labelKey: 'nav.ratingCampaigns', roles: [], icon: Present },
]

export function canSee(item: NavItem, roles: readonly Role[]): boolean {
  return item.roles.length === 0 || item.roles.some((r) => roles.includes(r))
}

export function visibleNav(roles: readonly Role[]): NavItem[] {
  return navItems.filter((item) => canSee(item, roles))
}

/** Whether the user may open the route; routes not in the navigation are open to all. */
export function canOpenRoute(routeName: string, roles: readonly Role[]): boolean {
  const item = navItems.find((i) => i.route === routeName)
  return !item || canSee(item, roles)
}
