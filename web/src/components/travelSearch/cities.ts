// The main cities a traveller picks from, with their codes in data/travel/cities.tsv (the server
// also takes any other city code of that file, and airports for flights).
export interface CityOption {
  code: string
  zh: string
  en: string
}

export const CITIES: CityOption[] = [
  { code: '1101', zh: '北京', en: 'Beijing' },
  { code: '3101', zh: '上海', en: 'Shanghai' },
  { code: '4401', zh: '广州', en: 'Guangzhou' },
  { code: '4403', zh: '深圳', en: 'Shenzhen' },
  { code: '5101', zh: '成都', en: 'Chengdu' },
  { code: '3301', zh: '杭州', en: 'Hangzhou' },
  { code: '4201', zh: '武汉', en: 'Wuhan' },
  { code: '6101', zh: '西安', en: "Xi'an" },
  { code: '3201', zh: '南京', en: 'Nanjing' },
  { code: '5001', zh: '重庆', en: 'Chongqing' },
  { code: '1201', zh: '天津', en: 'Tianjin' },
  { code: '4301', zh: '长沙', en: 'Changsha' },
  { code: '4101', zh: '郑州', en: 'Zhengzhou' },
  { code: '3702', zh: '青岛', en: 'Qingdao' },
  { code: '3502', zh: '厦门', en: 'Xiamen' },
  { code: '5301', zh: '昆明', en: 'Kunming' },
  { code: '2101', zh: '沈阳', en: 'Shenyang' },
]

/** The city's name in the language, or the code itself for a city not in the list. */
export function cityName(code: string | undefined, english: boolean): string {
  if (!code) return ''
  const c = CITIES.find((x) => x.code === code)
  return c ? (english ? c.en : c.zh) : code
}
