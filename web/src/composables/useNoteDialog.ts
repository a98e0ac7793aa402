// One NoteDialog serving several actions of a page: open() sets its texts and action.
import { ref, shallowRef } from 'vue'

export interface NoteConfig {
  title: string
  prompt: string
  confirmText: string
  required?: boolean
  danger?: boolean
  field?: string
  onConfirm: (note: string) => Promise<unknown>
}

export function useNoteDialog() {
  const visible = ref(false)
  const config = shallowRef<NoteConfig>({ title: '', prompt: '', confirmText: '', onConfirm: async () => {} })

  function open(c: NoteConfig): void {
    config.value = c
    visible.value = true
  }

  return { visible, config, open }
}
