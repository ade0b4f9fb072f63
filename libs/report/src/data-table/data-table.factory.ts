import type { DataTable, DataTableInput } from './data-table';
import { parseDataTable } from './data-table';

/**
 * The seed report's table as printed (a district organisation department, fiscal year 2023):
 * expenditure 2702.04 = 975.88 + 1726.16, staffing per organ from section 一（一）, and income
 * 2686.28 whose printed components 2300.39 + 381.59 + 4.28 add up to 2686.26 only: the
 * published report carries a 0.02 万元 defect of its own.
 */
export function seedDataTableInput(change?: (input: DataTableInput) => void): DataTableInput {
  const input: DataTableInput = {
    income: {
      total: '2686.28',
      components: { generalPublicBudgetAppropriation: '2300.39', governmentFundAppropriation: '381.59', other: '4.28' },
    },
    expenditure: { total: '2702.04', basicAndProject: { basic: '975.88', project: '1726.16' } },
    staffing: [
      { organ: '中共湛江市霞山区委组织部', authorizedPosts: 20, staffInPost: 17, retired: 19, retiredBefore1949: 1 },
      { organ: '区委党史研究室', authorizedPosts: 3, staffInPost: 2, retired: 0, retiredBefore1949: 0 },
      { organ: '区改制企业离休干部安置管理中心', authorizedPosts: 1, staffInPost: 1, retired: 0, retiredBefore1949: 0 },
      { organ: '区党员现代远程教育管理中心', authorizedPosts: 4, staffInPost: 3, retired: 0, retiredBefore1949: 0 },
      { organ: '区党建指导中心', authorizedPosts: 30, staffInPost: 23, retired: 0, retiredBefore1949: 0 },
    ],
  };
  change?.(input);
  return input;
}

/**
 * The seed with its income total set to the sum of its printed components (2686.26), so that a
 * test can introduce one defect at a time. Not a published figure.
 */
export function balancedSeedDataTableInput(change?: (input: DataTableInput) => void): DataTableInput {
  return seedDataTableInput((input) => {
    input.income!.total = '2686.26';
    change?.(input);
  });
}

/** Parses input that a test expects to be valid, failing loudly otherwise. */
export function tableFrom(input: DataTableInput): DataTable {
  const result = parseDataTable(input);
  if (!result.ok) throw new Error(`expected a valid table, got ${JSON.stringify(result.errors)}`);
  return result.table;
}

export function seedDataTable(change?: (input: DataTableInput) => void): DataTable {
  return tableFrom(seedDataTableInput(change));
}

export function balancedSeedDataTable(change?: (input: DataTableInput) => void): DataTable {
  return tableFrom(balancedSeedDataTableInput(change));
}
