import { START_LOCATION, createRouter, createWebHashHistory } from 'vue-router'
import { canOpenRoute } from './nav'
import { session } from './stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without signing in (login, the applicant's pages). */
    public?: boolean
    /** A page under a navigation entry (a detail page): open to whoever may open that entry. */
    navRoute?: string
    /** The public header's subtitle (vue-i18n key); the applicant portal's by default. */
    portalKey?: string
  }
}

// Hash history: the server only needs to serve index.html at "/".
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
    {
      // Applicants have no account: the application token opens their application.
      path: '/apply',
      component: () => import('./layout/PublicLayout.vue'),
      meta: { public: true },
      children: [
        { path: '', name: 'apply', component: () => import('./views/ApplyStartView.vue') },
        { path: ':id(\\d+)', name: 'apply-application', component: () => import('./views/ApplyView.vue') },
      ],
    },
    {
      // The growth rules of a program are public.
      path: '/formula',
      component: () => import('./layout/PublicLayout.vue'),
      meta: { public: true, portalKey: 'rating.formula.portal' },
      children: [{ path: ':programId(\\d+)', name: 'formula', component: () => import('./views/FormulaView.vue') }],
    },
    {
      path: '/',
      component: () => import('./layout/ConsoleLayout.vue'),
      children: [
        { path: '', name: 'dashboard', component: () => import('./views/DashboardView.vue') },
        { path: 'organizations', name: 'organizations', component: () => import('./views/OrganizationsView.vue') },
        { path: 'users', name: 'users', component: () => import('./views/UsersView.vue') },
        { path: 'audit', name: 'audit', component: () => import('./views/AuditView.vue') },
        { path: 'admission/review', name: 'admission-review', component: () => import('./views/ReviewQueueView.vue') },
        {
          path: 'admission/review/:id(\\d+)',
          name: 'admission-review-detail',
          component: () => import('./views/ReviewDetailView.vue'),
          meta: { navRoute: 'admission-review' },
        },
        { path: 'admission/programs', name: 'admission-programs', component: () => import('./views/ProgramsView.vue') },
        { path: 'providers', name: 'providers', component: () => import('./views/ProvidersView.vue') },
        {
          path: 'providers/:id(\\d+)',
          name: 'provider-detail',
          component: () => import('./views/ProviderDetailView.vue'),
          meta: { navRoute: 'providers' },
        },
        { path: 'suppliers', name: 'suppliers', component: () => import('./views/SuppliersView.vue') },
        { path: 'departments', name: 'departments', component: () => import('./views/DepartmentsView.vue') },
        { path: 'travel/policy', name: 'travel-policy', component: () => import('./views/TravelPolicyView.vue') },
        { path: 'travel/analytics', name: 'travel-analytics', component: () => import('./views/TravelAnalyticsView.vue') },
        { path: 'travel/book', name: 'travel-search', component: () => import('./views/TravelSearchView.vue') },
        { path: 'travel/trips', name: 'travel-trips', component: () => import('./views/TripsView.vue') },
        { path: 'travel/requests', name: 'travel-requests', component: () => import('./views/TravelRequestsView.vue') },
        {
          path: 'travel/trips/:id(\\d+)',
          name: 'travel-trip',
          component: () => import('./views/TripView.vue'),
          meta: { navRoute: 'travel-trips' },
        },
        { path: 'calendar', name: 'calendar', component: () => import('./views/CalendarView.vue') },
        { path: 'growth', name: 'growth', component: () => import('./views/GrowthView.vue') },
        { path: 'rating/board', name: 'rating-board', component: () => import('./views/RatingBoardView.vue') },
        { path: 'rating/catalogues', name: 'rating-catalogues', component: () => import('./views/RatingCataloguesView.vue') },
        { path: 'rating/reviews', name: 'rating-reviews', component: () => import('./views/RatingReviewsView.vue') },
        { path: 'rating/leaderboards', name: 'rating-leaderboards', component: () => import('./views/RatingLeaderboardsView.vue') },
        { path: 'rating/campaigns', name: 'rating-campaigns', component: () => import('./views/RatingCampaignsView.vue') },
      ],
    },
    { path: '/:pathMatch(.*)*', redirect: { name: 'dashboard' } },
  ],
})

router.beforeEach(async (to) => {
  if (to.meta.public) {
    if (to.name === 'login' && (await session.ensureUser())) return { name: 'dashboard' }
    return true
  }
  if (!(await session.ensureUser())) {
    session.clear()
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  if (!canOpenRoute(to.meta.navRoute ?? String(to.name ?? ''), session.roles.value)) return { name: 'dashboard' }
  return true
})

/** Called when any API call answers 401: the session is gone, sign in again. */
export function returnToLogin(): void {
  session.clear()
  // During the first navigation the guard itself sends the user to login (keeping the target).
  const current = router.currentRoute.value
  if (current === START_LOCATION || current.name === 'login') return
  void router.push({ name: 'login', query: { redirect: current.fullPath } })
}
