import { START_LOCATION, createRouter, createWebHashHistory } from 'vue-router'
import { canOpenRoute } from './nav'
import { session } from './stores/session'

// Hash history: the server only needs to serve index.html at "/".
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
    {
      path: '/',
      component: () => import('./layout/ConsoleLayout.vue'),
      children: [
        { path: '', name: 'dashboard', component: () => import('./views/DashboardView.vue') },
        { path: 'organizations', name: 'organizations', component: () => import('./views/OrganizationsView.vue') },
        { path: 'users', name: 'users', component: () => import('./views/UsersView.vue') },
        { path: 'audit', name: 'audit', component: () => import('./views/AuditView.vue') },
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
  if (!canOpenRoute(String(to.name ?? ''), session.roles.value)) return { name: 'dashboard' }
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
