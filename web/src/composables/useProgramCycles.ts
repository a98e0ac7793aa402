// The program (and, when asked, the cycle) a rating page shows, kept in the address
// (?program=&cycle=) so a page can be reloaded and linked. Providers start on their own program;
// the cycle defaults to the program's open one, else its latest.
import { computed, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import type { Program } from '../api/admissionTypes'
import { getProvider } from '../api/providers'
import { listPrograms } from '../api/programs'
import { listCycles } from '../api/rating'
import type { Cycle } from '../api/ratingTypes'
import { ownProviderId } from '../rating/own'

function queryNumber(v: unknown): number | null {
  const n = Number(Array.isArray(v) ? v[0] : v)
  return Number.isInteger(n) && n > 0 ? n : null
}

export function useProgramCycles(options: { cycles: boolean }) {
  const route = useRoute()
  const router = useRouter()
  const programs = ref<Program[]>([])
  const programId = ref<number | null>(null)
  const cycles = ref<Cycle[]>([])
  const cycleId = ref<number | null>(null)
  const loading = ref(false)
  const program = computed(() => programs.value.find((p) => p.id === programId.value) ?? null)
  const cycle = computed(() => cycles.value.find((c) => c.id === cycleId.value) ?? null)

  function pickCycle(wanted: number | null): void {
    const list = cycles.value
    const chosen = list.find((c) => c.id === wanted) ?? list.find((c) => c.state === 'open') ?? list[list.length - 1]
    cycleId.value = chosen?.id ?? null
  }

  /** Reloads the program's cycles (after creating or changing one), keeping the selection. */
  async function reloadCycles(wanted: number | null = cycleId.value): Promise<void> {
    if (!options.cycles || programId.value === null) return
    const forProgram = programId.value
    try {
      const list = await listCycles(forProgram)
      if (forProgram !== programId.value) return
      cycles.value = list
      pickCycle(wanted)
    } catch {
      cycles.value = []
      cycleId.value = null
    }
  }

  async function ownProgram(): Promise<number | null> {
    const own = ownProviderId()
    if (own === null) return null
    try {
      return (await getProvider(own)).data.program_id
    } catch {
      return null
    }
  }

  async function init(): Promise<void> {
    loading.value = true
    try {
      programs.value = await listPrograms().catch(() => [])
      const wanted = queryNumber(route.query.program) ?? (await ownProgram())
      programId.value = programs.value.find((p) => p.id === wanted)?.id ?? programs.value[0]?.id ?? null
      await reloadCycles(queryNumber(route.query.cycle))
    } finally {
      loading.value = false
    }
  }

  watch(programId, async (id, old) => {
    if (old === undefined || old === null || id === null) return
    cycles.value = []
    cycleId.value = null
    await reloadCycles(null)
  })

  // The address follows the selection.
  watch([programId, cycleId], ([p, c]) => {
    const query = { ...route.query, program: p ? String(p) : undefined, cycle: options.cycles && c ? String(c) : undefined }
    if (query.program !== route.query.program || query.cycle !== route.query.cycle) void router.replace({ query })
  })

  return { programs, programId, program, cycles, cycleId, cycle, loading, init, reloadCycles }
}
