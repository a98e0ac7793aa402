// Material files come from token-protected endpoints, so they are fetched (with the token) into
// blob: URLs for previews and downloads instead of being linked directly.
import { onBeforeUnmount } from 'vue'
import type { FileDownload } from '../api/http'

export function useObjectUrls() {
  const urls = new Set<string>()

  function track(blob: Blob): string {
    const url = URL.createObjectURL(blob)
    urls.add(url)
    return url
  }

  function release(url: string | null | undefined): void {
    if (url && urls.delete(url)) URL.revokeObjectURL(url)
  }

  onBeforeUnmount(() => {
    for (const url of urls) URL.revokeObjectURL(url)
    urls.clear()
  })

  return { track, release }
}

/** Saves a fetched file under its own name. */
export async function downloadFile(fetchFile: () => Promise<FileDownload>, fallbackName: string): Promise<void> {
  const file = await fetchFile()
  const url = URL.createObjectURL(file.blob)
  const link = document.createElement('a')
  link.href = url
  link.download = file.fileName ?? fallbackName
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
