// China's administrative divisions (/api/v1/regions, signed-in members): names for the six-digit
// codes applicants enter. Children lists are small and fixed, so they are cached per parent.
import { http } from './http'

export interface Region {
  code: string
  name: string
  level: 'province' | 'city' | 'county'
  has_children: boolean
}

const children = new Map<string, Promise<Region[]>>()

export function listRegions(parentCode = ''): Promise<Region[]> {
  let list = children.get(parentCode)
  if (!list) {
    list = http.get<{ items: Region[] }>('/regions', { parent_code: parentCode }).then((r) => r.data.items)
    list.catch(() => children.delete(parentCode))
    children.set(parentCode, list)
  }
  return list
}

/** "浙江省 杭州市 西湖区" for 330106 (a municipality's "市辖区" left out); null when unknown. */
export async function regionPath(code: string): Promise<string | null> {
  if (!/^\d{6}$/.test(code)) return null
  const names: string[] = []
  for (const [parent, prefix] of [['', code.slice(0, 2)], [code.slice(0, 2), code.slice(0, 4)], [code.slice(0, 4), code]] as const) {
    const found = (await listRegions(parent)).find((r) => r.code === prefix || r.code === code)
    if (!found) break
    if (found.name !== '市辖区') names.push(found.name)
    if (found.code === code || !found.has_children) break
  }
  return names.length ? names.join(' ') : null
}

/**
 * The codes from the province down to this one ("440106" → ["44", "4401", "440106"]): codes nest by
 * prefix (province 2 digits, city 4, county 6), as a cascader's value needs them.
 */
export function regionCodePath(code: string): string[] {
  return [2, 4, 6].filter((n) => n <= code.length).map((n) => code.slice(0, n))
}
