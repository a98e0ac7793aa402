// A flat department list (each with parent_id) as the nested nodes el-tree and el-tree-select show.
import type { Department } from '../api/registryTypes'

export interface DepartmentNode {
  id: number
  name: string
  cost_centre: string
  department: Department
  /** In a parent picker: the department being moved and everything under it. */
  disabled: boolean
  children: DepartmentNode[]
}

/** Nodes in the list's order; a department whose parent is missing is shown at the top. */
export function departmentTree(items: readonly Department[], disabledUnder: number | null = null): DepartmentNode[] {
  const nodes = new Map<number, DepartmentNode>()
  for (const d of items) nodes.set(d.id, { id: d.id, name: d.name, cost_centre: d.cost_centre, department: d, disabled: false, children: [] })
  const roots: DepartmentNode[] = []
  for (const d of items) {
    const node = nodes.get(d.id)!
    const parent = d.parent_id !== null ? nodes.get(d.parent_id) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  const disable = (node: DepartmentNode): void => {
    node.disabled = true
    node.children.forEach(disable)
  }
  const moved = disabledUnder !== null ? nodes.get(disabledUnder) : undefined
  if (moved) disable(moved)
  return roots
}
