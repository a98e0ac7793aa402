// The main cities a traveller picks from, with their codes, airports (column 5) and railway
// stations (column 6) in data/travel/cities.tsv (the server also takes any other city code of that
// file, and airports for flights). The airports' and stations' English names are the console's own.
export interface Place {
  /** What the server takes: the airport code or the station's name as in cities.tsv. */
  code: string
  zh: string
  en: string
}

export interface CityOption {
  code: string
  zh: string
  en: string
  airports: Place[]
  stations: Place[]
}

const airport = (code: string, zh: string, en: string): Place => ({ code, zh: `${zh}机场 ${code}`, en: `${en} Airport ${code}` })
const station = (code: string, en: string): Place => ({ code, zh: `${code}站`, en: `${en} Railway Station` })

export const CITIES: CityOption[] = [
  { code: '1101', zh: '北京', en: 'Beijing', airports: [airport('PEK', '首都', 'Capital')], stations: [station('北京南', 'Beijing South'), station('北京西', 'Beijing West')] },
  {
    code: '3101',
    zh: '上海',
    en: 'Shanghai',
    airports: [airport('PVG', '浦东', 'Pudong'), airport('SHA', '虹桥', 'Hongqiao')],
    stations: [station('上海虹桥', 'Shanghai Hongqiao'), station('上海', 'Shanghai')],
  },
  { code: '4401', zh: '广州', en: 'Guangzhou', airports: [airport('CAN', '白云', 'Baiyun')], stations: [station('广州南', 'Guangzhou South'), station('广州东', 'Guangzhou East')] },
  { code: '4403', zh: '深圳', en: 'Shenzhen', airports: [airport('SZX', '宝安', "Bao'an")], stations: [station('深圳北', 'Shenzhen North'), station('福田', 'Futian')] },
  { code: '5101', zh: '成都', en: 'Chengdu', airports: [airport('CTU', '双流', 'Shuangliu')], stations: [station('成都东', 'Chengdu East'), station('成都西', 'Chengdu West')] },
  { code: '3301', zh: '杭州', en: 'Hangzhou', airports: [airport('HGH', '萧山', 'Xiaoshan')], stations: [station('杭州东', 'Hangzhou East'), station('杭州西', 'Hangzhou West')] },
  { code: '4201', zh: '武汉', en: 'Wuhan', airports: [airport('WUH', '天河', 'Tianhe')], stations: [station('武汉', 'Wuhan'), station('汉口', 'Hankou')] },
  { code: '6101', zh: '西安', en: "Xi'an", airports: [airport('XIY', '咸阳', 'Xianyang')], stations: [station('西安北', "Xi'an North")] },
  { code: '3201', zh: '南京', en: 'Nanjing', airports: [airport('NKG', '禄口', 'Lukou')], stations: [station('南京南', 'Nanjing South'), station('南京', 'Nanjing')] },
  { code: '5001', zh: '重庆', en: 'Chongqing', airports: [airport('CKG', '江北', 'Jiangbei')], stations: [station('重庆北', 'Chongqing North'), station('重庆西', 'Chongqing West')] },
  {
    code: '1201',
    zh: '天津',
    en: 'Tianjin',
    airports: [airport('TSN', '滨海', 'Binhai')],
    stations: [station('天津', 'Tianjin'), station('天津西', 'Tianjin West'), station('天津南', 'Tianjin South')],
  },
  { code: '4301', zh: '长沙', en: 'Changsha', airports: [airport('CSX', '黄花', 'Huanghua')], stations: [station('长沙南', 'Changsha South')] },
  { code: '4101', zh: '郑州', en: 'Zhengzhou', airports: [airport('CGO', '新郑', 'Xinzheng')], stations: [station('郑州东', 'Zhengzhou East')] },
  { code: '3702', zh: '青岛', en: 'Qingdao', airports: [airport('TAO', '胶东', 'Jiaodong')], stations: [station('青岛北', 'Qingdao North'), station('青岛', 'Qingdao')] },
  { code: '3502', zh: '厦门', en: 'Xiamen', airports: [airport('XMN', '高崎', 'Gaoqi')], stations: [station('厦门北', 'Xiamen North'), station('厦门', 'Xiamen')] },
  { code: '5301', zh: '昆明', en: 'Kunming', airports: [airport('KMG', '长水', 'Changshui')], stations: [station('昆明南', 'Kunming South')] },
  { code: '2101', zh: '沈阳', en: 'Shenyang', airports: [airport('SHE', '桃仙', 'Taoxian')], stations: [station('沈阳北', 'Shenyang North'), station('沈阳', 'Shenyang')] },
]

/** The city's name in the language, or the code itself for a city not in the list. */
export function cityName(code: string | undefined, english: boolean): string {
  if (!code) return ''
  const c = CITIES.find((x) => x.code === code)
  return c ? (english ? c.en : c.zh) : code
}

/** The pickup / drop-off place of a transfer that means the city centre. */
export const CENTRE = 'centre'
export const HOTEL_PREFIX = 'hotel:'

/** A hotel a transfer can start or end at: "hotel:<id>" with the hotel's name. */
export interface HotelPlace {
  value: string
  name: string
  city: string
}

/**
 * How a transfer place reads: "浦东机场 PVG", "上海虹桥站", "市中心", a hotel's name (when known
 * from `hotels`) or "酒店 H3101-03". `centreLabel` and `hotelLabel` come from the messages.
 */
export function placeName(
  cityCode: string | undefined,
  place: string | undefined,
  english: boolean,
  labels: { centre: string; hotel: (id: string) => string },
  hotels: Record<string, string> = {},
): string {
  if (!place) return ''
  if (place === CENTRE) return labels.centre
  if (place.startsWith(HOTEL_PREFIX)) return hotels[place] ?? labels.hotel(place.slice(HOTEL_PREFIX.length))
  const city = CITIES.find((x) => x.code === cityCode)
  const known = city?.airports.find((a) => a.code === place) ?? city?.stations.find((s) => s.code === place)
  return known ? (english ? known.en : known.zh) : place
}
