// The current time, ticking every `everyMs` while the component is mounted (countdowns).
import { onMounted, onUnmounted, ref } from 'vue'

export function useNow(everyMs = 30_000) {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    now.value = Date.now()
    timer = setInterval(() => (now.value = Date.now()), everyMs)
  })
  onUnmounted(() => clearInterval(timer))
  return now
}
