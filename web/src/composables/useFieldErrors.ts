// Field errors from a problem+json answer, for ElFormItem's `error` prop.
import { reactive } from 'vue'
import { ApiError } from '../api/http'

export function useFieldErrors() {
  const fieldErrors = reactive<Record<string, string>>({})

  function clear(): void {
    for (const key of Object.keys(fieldErrors)) delete fieldErrors[key]
  }

  /** Shows the server's field errors on the form; the message itself is shown by the client. */
  function apply(err: unknown): void {
    clear()
    if (err instanceof ApiError) Object.assign(fieldErrors, err.fieldErrors())
  }

  return { fieldErrors, clear, apply }
}
