// Debounced, one-at-a-time saving: changes schedule a save after a pause, flush() saves now
// (moving between steps, before submitting); a change made during a save is saved after it.
import { onBeforeUnmount, ref } from 'vue'

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error'

export function useAutosave(save: () => Promise<boolean>, delayMs = 800) {
  const status = ref<SaveStatus>('idle')
  let timer: ReturnType<typeof setTimeout> | null = null
  let running: Promise<void> | null = null
  let again = false

  async function run(): Promise<void> {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      do {
        again = false
        status.value = 'saving'
        status.value = (await save()) ? 'saved' : 'error'
      } while (again)
    })()
    try {
      await running
    } finally {
      running = null
    }
  }

  function schedule(): void {
    if (timer) clearTimeout(timer)
    if (status.value !== 'saving') status.value = 'pending'
    timer = setTimeout(() => {
      timer = null
      void run()
    }, delayMs)
  }

  /** Saves whatever is pending now and waits for it (and for a save already running). */
  async function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer)
      timer = null
      await run()
    } else if (running) {
      await running
    }
  }

  onBeforeUnmount(() => {
    if (timer) {
      clearTimeout(timer)
      void run()
    }
  })

  return { status, schedule, flush }
}
