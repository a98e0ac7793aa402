// One application as its applicant sees it: loading with the token, the wizard's draft saved as
// the applicant types (debounced PATCH with If-Match), uploads, submit and withdraw.
import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { ElMessage } from 'element-plus'
import { ApiError, type ApiResponse } from '../api/http'
import * as api from '../api/applications'
import type { ApplicationView, Material } from '../api/admissionTypes'
import {
  draftFromApplication,
  draftKeyOfField,
  keysAsSaved,
  pendingPatch,
  savedValues,
  withoutKeys,
  type Draft,
  type DraftKey,
} from '../admission/draft'
import { useAutosave } from './useAutosave'
import { i18n } from '../i18n'

export interface SubmitOutcome {
  ok: boolean
  /** Ids of the must-pass rules the server found failing (rules_not_met). */
  failedRules: string[]
  /** Draft fields the server asked for (e.g. company_name before submitting). */
  failedFields: DraftKey[]
}

export function useApplicantApplication(id: number, token: string) {
  const view = shallowRef<ApplicationView | null>(null)
  const etag = ref<string | null>(null)
  const loadError = ref<ApiError | null>(null)
  const draft = reactive<Draft>({} as Draft)
  const fieldErrors = reactive<Partial<Record<DraftKey, string>>>({})
  let saved: Partial<Record<DraftKey, unknown>> = {}
  let refused: Partial<Record<DraftKey, unknown>> = {}
  let loaded = false

  const editable = computed(() => view.value?.allowed_actions.includes('edit') ?? false)

  /** Keeps the newest view: an answer that raced an older request must not win. */
  function accept(res: ApiResponse<ApplicationView>): void {
    const current = view.value?.application.version ?? 0
    if (res.data.application.version < current) return
    view.value = res.data
    etag.value = res.etag
  }

  /** Loads the application and resets the draft to what the server holds. */
  async function load(): Promise<void> {
    loadError.value = null
    try {
      const res = await api.getApplication(id, token, true)
      view.value = res.data
      etag.value = res.etag
      Object.assign(draft, draftFromApplication(res.data.application))
      saved = savedValues(draft)
      refused = {}
      for (const key of Object.keys(fieldErrors)) delete fieldErrors[key as DraftKey]
      loaded = true
    } catch (err) {
      loadError.value = err instanceof ApiError ? err : null
      if (!(err instanceof ApiError)) throw err
    }
  }

  /** Re-reads the view (verdicts after an upload) without touching the draft. */
  async function refresh(): Promise<void> {
    try {
      accept(await api.getApplication(id, token))
    } catch {
      // The client showed the error.
    }
  }

  async function save(): Promise<boolean> {
    if (!loaded || !editable.value) return true
    let pending = pendingPatch(draft, saved, refused)
    let ok = true
    for (let attempt = 0; pending && attempt < 4; attempt++) {
      try {
        accept(await api.patchApplication(id, token, pending.patch, etag.value))
        for (const key of Object.keys(pending.sent) as DraftKey[]) delete fieldErrors[key]
        Object.assign(saved, pending.sent)
        return ok
      } catch (err) {
        if (!(err instanceof ApiError)) return false
        if (err.code === 'version_mismatch') {
          await refresh()
          continue
        }
        const keys = (err.problem.errors ?? []).map((e) => draftKeyOfField(e.field))
        if (err.status < 500 && keys.length && keys.every((k) => k !== null)) {
          // Mark the refused fields (invalid, or a credit code already applying) and save the others now.
          err.problem.errors!.forEach((e, i) => {
            const key = keys[i]!
            fieldErrors[key] = e.message
            refused[key] = pending!.sent[key]
          })
          ok = false
          pending = withoutKeys(pending, keys as DraftKey[])
          continue
        }
        if (err.code === 'illegal_transition') await load()
        else ElMessage.error(err.problem.detail || err.problem.title)
        return false
      }
    }
    return ok
  }

  const autosave = useAutosave(save)

  watch(
    draft,
    () => {
      if (!loaded || !editable.value) return
      for (const key of keysAsSaved(draft, saved, Object.keys(fieldErrors) as DraftKey[])) delete fieldErrors[key]
      if (pendingPatch(draft, saved, refused)) autosave.schedule()
    },
    { deep: true },
  )

  async function upload(materialType: string, file: File): Promise<Material | null> {
    try {
      const material = await api.uploadMaterial(id, token, materialType, file)
      await refresh()
      return material
    } catch {
      return null
    }
  }

  async function removeMaterial(materialId: number): Promise<void> {
    try {
      await api.removeMaterial(id, token, materialId)
    } finally {
      await refresh()
    }
  }

  async function submit(): Promise<SubmitOutcome> {
    await autosave.flush()
    const t = i18n.global.t
    try {
      accept(await api.submitApplication(id, token))
      ElMessage.success(t('apply.submitted'))
      return { ok: true, failedRules: [], failedFields: [] }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      const errors = err.problem.errors ?? []
      if (err.code === 'rules_not_met') {
        const failedRules = errors.filter((e) => e.field.startsWith('rules.')).map((e) => e.field.slice('rules.'.length))
        ElMessage.error(t('apply.rulesNotMet', { n: failedRules.length }))
        await refresh()
        return { ok: false, failedRules, failedFields: [] }
      }
      const failedFields: DraftKey[] = []
      for (const e of errors) {
        const key = draftKeyOfField(e.field)
        if (!key) continue
        fieldErrors[key] = e.message
        failedFields.push(key)
      }
      ElMessage.error(failedFields.length ? t('apply.completeFields') : err.problem.detail || err.problem.title)
      return { ok: false, failedRules: [], failedFields }
    }
  }

  async function withdraw(note: string): Promise<void> {
    await autosave.flush()
    accept(await api.withdrawApplication(id, token, note))
  }

  const fetchFile = (materialId: number) => api.fetchMaterialFile(id, token, materialId)

  return {
    view,
    draft,
    fieldErrors,
    loadError,
    editable,
    saveStatus: autosave.status,
    flush: autosave.flush,
    load,
    refresh,
    upload,
    removeMaterial,
    submit,
    withdraw,
    fetchFile,
  }
}

export type ApplicantApplication = ReturnType<typeof useApplicantApplication>
