import { useEffect, useRef, useState } from 'react';
import { Button, Select, Space } from 'antd';
import { api, call } from '../api/client';
import type { UnitChoice, UnitPage } from '../api/finance-views';

export interface UnitOption {
  value: string;
  label: string;
}

export const unitOption = (unit: UnitChoice): UnitOption => ({ value: unit.id, label: `${unit.name}（${unit.code}）` });

/**
 * Chooses budget units from the bureau's list (GET /api/units), searched by name or code as one
 * types. The value is the list of chosen unit ids; chosen units keep their labels across searches.
 */
/** One empty list for every picker without known units: a fresh `[]` each render would re-run the labels effect forever. */
const NO_KNOWN_UNITS: UnitOption[] = [];
/** The list endpoint's largest page. */
const PAGE = 200;
/** Beyond this many chosen units the box shows "另 N 个单位" rather than every tag. */
const MAX_TAGS = 8;

export function UnitPicker({ id, value, onChange, known = NO_KNOWN_UNITS }: { id?: string; value?: string[]; onChange?: (ids: string[]) => void; known?: UnitOption[] }) {
  const [options, setOptions] = useState<UnitOption[]>([]);
  const [labels, setLabels] = useState(() => new Map(known.map((o) => [o.value, o])));
  const [loading, setLoading] = useState(false);
  const [choosingAll, setChoosingAll] = useState(false);
  const round = useRef(0);

  const search = (text: string) => {
    const mine = ++round.current;
    setLoading(true);
    call<UnitPage>(() => api.GET('/api/units', { params: { query: { limit: 50, ...(text.trim() ? { search: text.trim().slice(0, 100) } : {}) } } }))
      .then((page) => {
        if (mine !== round.current) return;
        setOptions(page.items.map(unitOption));
      })
      .catch(() => {
        if (mine === round.current) setOptions([]);
      })
      .finally(() => {
        if (mine === round.current) setLoading(false);
      });
  };

  useEffect(() => search(''), []);
  useEffect(() => setLabels((current) => new Map([...current, ...known.map((o) => [o.value, o] as const)])), [known]);

  /** Every unit of the bureau's directory still in use (not 撤并), read page by page: a notice usually goes to all of them. */
  const chooseAll = async () => {
    setChoosingAll(true);
    try {
      const all: UnitOption[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await call<UnitPage>(() => api.GET('/api/units', { params: { query: { limit: PAGE, offset } } }));
        all.push(...page.items.map(unitOption));
        if (page.items.length < PAGE || all.length >= page.total) break;
      }
      setLabels((current) => new Map([...current, ...all.map((o) => [o.value, o] as const)]));
      onChange?.(all.map((o) => o.value));
    } catch {
      // The error notice is shown by `call`; the choice stays as it was.
    } finally {
      setChoosingAll(false);
    }
  };

  const chosen = (value ?? []).map((v) => labels.get(v) ?? { value: v, label: v });
  const shown = [...chosen, ...options.filter((o) => !(value ?? []).includes(o.value))];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Select
        id={id}
        mode="multiple"
        showSearch={{ filterOption: false, onSearch: search }}
        loading={loading}
        value={value}
        options={shown}
        placeholder="输入单位名称或代码查找，可多选"
        notFoundContent={loading ? '查找中…' : '没有找到单位'}
        onChange={(ids: string[]) => {
          setLabels((current) => new Map([...current, ...options.filter((o) => ids.includes(o.value)).map((o) => [o.value, o] as const)]));
          onChange?.(ids);
        }}
        maxTagCount={MAX_TAGS}
        maxTagPlaceholder={(omitted) => `另 ${omitted.length} 个单位`}
        style={{ width: '100%' }}
      />
      <Space wrap>
        <Button size="small" onClick={() => void chooseAll()} loading={choosingAll} data-testid="choose-all-units">
          选择名录中全部在用单位
        </Button>
        {(value ?? []).length > 0 && (
          <>
            <span>已选 {(value ?? []).length} 个单位</span>
            <Button size="small" type="link" onClick={() => onChange?.([])}>
              清空
            </Button>
          </>
        )}
      </Space>
    </Space>
  );
}
