// One form action of the rating pages: runs it, and when the server refuses keeps its
// problem+json (shown inline by ProblemAlert) and its field errors (for ElFormItem's `error`).
import { ref, shallowRef } from 'vue'
import { ApiError, type Problem } from '../api/http'
import { useFieldErrors } from './useFieldErrors'

export function useSubmit() {
  const busy = ref(false)
  const problem = shallowRef<Problem | null>(null)
  const { fieldErrors, clear, apply } = useFieldErrors()

  function reset(): void {
    problem.value = null
    clear()
  }

  /** True when the action succeeded; false when the server refused it (the problem is kept). */
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    reset()
    busy.value = true
    try {
      await action()
      return true
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      problem.value = err.problem
      apply(err)
      return false
    } finally {
      busy.value = false
    }
  }

  return { busy, problem, fieldErrors, reset, run }
}
