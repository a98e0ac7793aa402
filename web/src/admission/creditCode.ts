// The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last a
// check character. The server is the judge; this gives the applicant the answer while typing.
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export function checkCharacter(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i]) * WEIGHTS[i]
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]
}

export type CreditCodeProblem =
  | { kind: 'length'; length: number }
  | { kind: 'character'; position: number; character: string }
  | { kind: 'division'; position: number }
  | { kind: 'check'; expected: string }

/** Trimmed and upper-cased, as the server stores it. */
export function normalizeCreditCode(input: string): string {
  return input.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '').toUpperCase()
}

/** Null when the code is well formed. */
export function creditCodeProblem(input: string): CreditCodeProblem | null {
  const code = normalizeCreditCode(input)
  const chars = [...code]
  if (chars.length !== 18) return { kind: 'length', length: chars.length }
  for (let i = 0; i < 18; i++) {
    if (!CREDIT_CODE_CHARSET.includes(chars[i])) return { kind: 'character', position: i + 1, character: chars[i] }
    if (i >= 2 && i <= 7 && !/[0-9]/.test(chars[i])) return { kind: 'division', position: i + 1 }
  }
  const expected = checkCharacter(code.slice(0, 17))
  return code[17] === expected ? null : { kind: 'check', expected }
}
