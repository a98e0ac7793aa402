// English messages of the travel budgets tab, under `travel.budgets`. Keep the same keys as
// travelBudgets.zh-CN.ts.
import type budgetsZh from './travelBudgets.zh-CN'

type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> }

const budgetsEn: Messages<typeof budgetsZh> = {
  hint: "A booking takes the company's share of its price from the budget of the traveller's department and from that of the project code given when booking, in the month, quarter and year of the booking date (China time); cancelling a segment gives back the company's share of the refund.",
  create: 'New budget',
  none: 'No travel budgets yet',
  scope: 'Budget for',
  scopes: {
    department: 'Department',
    project: 'Project',
  },
  period: 'Period',
  periods: {
    month: 'Month',
    quarter: 'Quarter',
    year: 'Year',
  },
  amount: 'Amount',
  consumed: 'Consumed',
  remaining: 'Remaining',
  used: 'Used',
  levels: 'Warning levels',
  control: 'Over budget',
  controls: {
    allow: 'Allow',
    needs_approval: 'Needs approval',
    block: 'Block',
  },
  controlHints: {
    allow: 'Booked as usual; the overrun is recorded',
    needs_approval: 'The booking needs a reason and is marked “needs approval”',
    block: 'A booking that goes over is refused',
  },
  states: {
    ok: 'Within budget',
    warning: 'Warning level {level} reached',
    critical: 'Highest warning level {level} reached',
    over: 'Over budget',
  },
  overBy: '{amount} over',
  updatedAt: 'Updated {time}',
  dialog: {
    createTitle: 'New travel budget',
    editTitle: 'Edit budget: {scope} ({period} {key})',
    department: 'Department',
    chooseDepartment: 'Choose a department',
    project: 'Project code',
    projectPlaceholder: 'e.g. XY-PILOT, as given when booking',
    periodKey: 'Budget period',
    month: 'Choose a month',
    year: 'Choose a year',
    quarter: 'Quarter',
    quarterN: 'Quarter {n} (Q{n})',
    amount: 'Amount (yuan)',
    levels: 'Warning levels (%)',
    addLevel: 'Add a level',
    removeLevel: 'Remove',
    levelsHint: 'A warning shows once this share of the budget is used; rising, at most 5',
    control: 'Over budget',
    editHint: 'What the budget is for and its period cannot change; what was consumed stays.',
    faults: {
      empty: 'Fill in every warning level',
      range: 'Warning levels are between 0.01% and 100%',
      rising: 'Warning levels must rise, without repeats',
      department: 'Choose a department',
      project: 'Enter a project code',
      periodKey: 'Choose the budget period',
    },
  },
  exists: '{scope} already has a budget for {key}: edit that budget in the list instead of creating one.',
  created: 'Budget of {scope} for {key} created',
  saved: 'Budget of {scope} for {key} saved',
  stale: 'Someone else changed the budget of {scope} for {key}: it has been reloaded, please check it and edit again.',
  invalid: 'The budget is not valid: correct the fields marked.',
}

export default budgetsEn
