import { createApp } from 'vue'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import App from './App.vue'
import { configureHttp } from './api/http'
import { i18n, currentLocale } from './i18n'
import { returnToLogin, router } from './router'
import { session } from './stores/session'
import './styles.css'

configureHttp({
  token: session.token,
  unauthorized: returnToLogin,
  // Every API failure shows the server's own explanation; forms also mark their fields.
  error: (err) => {
    const message = err.code === 'network_error' ? i18n.global.t('errors.network') : err.problem.detail || err.problem.title
    ElMessage({ type: 'error', message, grouping: true, showClose: true })
  },
})

document.documentElement.lang = currentLocale()
createApp(App).use(i18n).use(router).mount('#app')
