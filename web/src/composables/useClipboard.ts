// Copies text and says so; falls back to a hidden textarea where the Clipboard API is missing.
import { ElMessage } from 'element-plus'
import { i18n } from '../i18n'

export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.style.position = 'fixed'
    area.style.opacity = '0'
    document.body.appendChild(area)
    area.select()
    document.execCommand('copy')
    area.remove()
  }
  ElMessage.success(i18n.global.t('common.copied'))
}
