import type { ClipboardEvent } from 'react';
import { Button, Input, Space, Table, Typography } from 'antd';
import { TABLE_LIMITS } from '@jixiao/report';

/** A table block as the section editor holds it: a caption, the header (its width) and the rows. */
export interface EditableTable {
  type: 'table';
  caption?: string;
  header?: string[];
  rows: string[][];
}

/** A new table: three columns, a header and two empty rows, for the writer to fill in. */
export function newTable(): EditableTable {
  return { type: 'table', caption: '', header: ['', '', ''], rows: [['', '', ''], ['', '', '']] };
}

const widthOf = (table: EditableTable) => table.header?.length ?? table.rows[0]?.length ?? 0;

/** The same table with a cell changed; row -1 is the header. */
function withCell(table: EditableTable, row: number, column: number, text: string): EditableTable {
  if (row < 0) return { ...table, header: (table.header ?? Array.from({ length: widthOf(table) }, () => '')).map((c, i) => (i === column ? text : c)) };
  return { ...table, rows: table.rows.map((r, ri) => (ri === row ? r.map((c, ci) => (ci === column ? text : c)) : r)) };
}

/**
 * Text pasted from a spreadsheet (tab between cells, a line a row) fills the grid from the cell it
 * lands in, adding rows and columns up to the limits; what lies beyond them is left out.
 */
function withPasted(table: EditableTable, row: number, column: number, text: string): EditableTable {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n').map((line) => line.split('\t'));
  const width = Math.min(TABLE_LIMITS.columns, Math.max(widthOf(table), column + Math.max(...lines.map((l) => l.length))));
  const pad = (cells: readonly string[]) => [...cells, ...Array.from({ length: Math.max(0, width - cells.length) }, () => '')].slice(0, width);
  const header = pad(table.header ?? []);
  const rows = table.rows.map(pad);
  const rowCount = Math.min(TABLE_LIMITS.rows, Math.max(rows.length, row + lines.length));
  while (rows.length < rowCount) rows.push(pad([]));
  lines.forEach((cells, i) => {
    const target = row + i < 0 ? header : rows[row + i];
    if (!target) return;
    cells.forEach((cell, j) => {
      if (column + j < width) target[column + j] = cell.slice(0, TABLE_LIMITS.cellLength);
    });
  });
  return { ...table, header, rows };
}

/**
 * A table in the section editor: its caption, header cells and rows, rows and columns added and
 * removed within the limits the server enforces (TABLE_LIMITS), shown beside the buttons.
 */
export function TableBlockEditor({ table, index, editable, onChange }: { table: EditableTable; index: number; editable: boolean; onChange: (table: EditableTable) => void }) {
  const width = widthOf(table);
  if (!editable) {
    return (
      <Table
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={table.rows.map((row, r) => ({ key: r, row }))}
        columns={(table.header ?? table.rows[0] ?? []).map((heading, column) => ({ title: table.header ? heading : '', key: column, render: (_: unknown, r: { row: readonly string[] }) => r.row[column] }))}
      />
    );
  }
  const label = (row: number, column: number) => (row < 0 ? `第 ${index + 1} 块表格 表头第 ${column + 1} 列` : `第 ${index + 1} 块表格 第 ${row + 1} 行第 ${column + 1} 列`);
  const cell = (row: number, column: number, value: string) => (
    <Input
      aria-label={label(row, column)}
      size="small"
      value={value}
      maxLength={TABLE_LIMITS.cellLength}
      placeholder={row < 0 ? '表头' : ''}
      style={{ minWidth: 88, fontWeight: row < 0 ? 600 : undefined }}
      onChange={(event) => onChange(withCell(table, row, column, event.target.value))}
      onPaste={(event: ClipboardEvent<HTMLInputElement>) => {
        const text = event.clipboardData.getData('text/plain');
        if (!/[\t\n]/.test(text.replace(/\r?\n$/, ''))) return;
        event.preventDefault();
        onChange(withPasted(table, row, column, text));
      }}
    />
  );
  const addRow = () => onChange({ ...table, rows: [...table.rows, Array.from({ length: width }, () => '')] });
  const addColumn = () => onChange({ ...table, header: [...(table.header ?? Array.from({ length: width }, () => '')), ''], rows: table.rows.map((r) => [...r, '']) });
  const removeRow = (row: number) => onChange({ ...table, rows: table.rows.filter((_, r) => r !== row) });
  const removeColumn = (column: number) =>
    onChange({ ...table, header: (table.header ?? []).filter((_, c) => c !== column), rows: table.rows.map((r) => r.filter((_, c) => c !== column)) });
  return (
    <div>
      <Input
        aria-label={`第 ${index + 1} 块表格的标题`}
        prefix={<Typography.Text type="secondary">表格标题</Typography.Text>}
        placeholder="可不填"
        value={table.caption ?? ''}
        maxLength={TABLE_LIMITS.captionLength}
        onChange={(event) => onChange({ ...table, caption: event.target.value })}
        style={{ marginBottom: 8 }}
      />
      <div style={{ overflowX: 'auto' }}>
        <table style={{ borderCollapse: 'collapse' }} data-testid={`table-editor-${index}`}>
          <thead>
            <tr>
              {Array.from({ length: width }, (_, column) => (
                <th key={column} style={{ padding: 2, verticalAlign: 'top' }}>
                  {cell(-1, column, table.header?.[column] ?? '')}
                  {width > 1 && (
                    <Button type="link" size="small" danger aria-label={`删除第 ${column + 1} 列`} onClick={() => removeColumn(column)}>
                      删除列
                    </Button>
                  )}
                </th>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, r) => (
              <tr key={r}>
                {row.map((value, column) => (
                  <td key={column} style={{ padding: 2 }}>
                    {cell(r, column, value)}
                  </td>
                ))}
                <td style={{ padding: 2, whiteSpace: 'nowrap' }}>
                  <Button type="link" size="small" danger aria-label={`删除第 ${r + 1} 行`} onClick={() => removeRow(r)}>
                    删除行
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Space wrap size="small" style={{ marginTop: 8 }}>
        <Button size="small" disabled={table.rows.length >= TABLE_LIMITS.rows} onClick={addRow}>
          添加行
        </Button>
        <Button size="small" disabled={width >= TABLE_LIMITS.columns} onClick={addColumn}>
          添加列
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {table.rows.length} 行 × {width} 列；最多 {TABLE_LIMITS.rows} 行、{TABLE_LIMITS.columns} 列，每格不超过 {TABLE_LIMITS.cellLength} 字。可从 Excel 复制多格后粘贴到任一格。
        </Typography.Text>
      </Space>
    </div>
  );
}
