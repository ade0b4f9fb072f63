import type { ReactNode } from 'react';
import { Card, Col, Empty, Form, Progress, Row, Select, Space, Table, Typography } from 'antd';
import { TOTAL_POINTS } from '@jixiao/report';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, call } from '../api/client';
import type { CampaignFigures, StatisticsView } from '../api/finance-views';
import type { CampaignView, Page } from '../api/views';
import { ErrorNotice } from '../components/ErrorNotice';
import { useLoad } from '../use-load';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const figure = (value: string | number | null) => (value === null ? '—' : String(value));

/** The rows of the comparison: a label and how to read the figure from either campaign. */
const MEASURES: Array<{ key: string; label: string; value: (f: CampaignFigures) => ReactNode }> = [
  { key: 'units', label: '参评单位', value: (f) => f.units },
  { key: 'submitted', label: '已报送', value: (f) => f.submitted },
  { key: 'onTime', label: '按时报送', value: (f) => f.onTime },
  { key: 'late', label: '逾期报送', value: (f) => f.late },
  { key: 'overdue', label: '逾期未报送', value: (f) => f.overdue },
  { key: 'onTimeRate', label: '按时报送率', value: (f) => percent(f.onTimeRate) },
  { key: 'returnedUnits', label: '被退回单位', value: (f) => f.returnedUnits },
  { key: 'returns', label: '退回次数', value: (f) => f.returns },
  { key: 'selfScored', label: '完成自评打分的单位', value: (f) => f.selfScored },
  { key: 'averageSelfScore', label: '平均自评分', value: (f) => figure(f.averageSelfScore) },
  { key: 'rechecked', label: '已复核单位', value: (f) => f.rechecked },
  { key: 'averageRecheckScore', label: '平均复核分', value: (f) => figure(f.averageRecheckScore) },
  { key: 'meanGap', label: '复核分与自评分的平均差（复核减自评）', value: (f) => figure(f.meanGap) },
  { key: 'meanAbsoluteGap', label: '平均绝对差', value: (f) => figure(f.meanAbsoluteGap) },
  { key: 'largestAbsoluteGap', label: '最大绝对差', value: (f) => figure(f.largestAbsoluteGap) },
];

/**
 * A band includes its lower bound and excludes its upper one, except the top band, which ends at the
 * full score: 良 80–<90, 优 90–100, so that neighbouring labels do not seem to share a score.
 */
function gradeLabel(g: CampaignFigures['grades'][number]): string {
  if (g.grade === null) return '未完成评分';
  return `${g.grade}（${g.from}–${g.to === TOTAL_POINTS ? '' : '<'}${g.to} 分）`;
}

function GradeChart({ figures }: { figures: CampaignFigures }) {
  const most = Math.max(1, ...figures.grades.map((g) => g.units));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {figures.grades.map((g) => (
        <div key={g.grade ?? 'none'}>
          <Typography.Text>
            {gradeLabel(g)}：{g.units} 个单位
          </Typography.Text>
          {/* Bars compare the grades with each other; a full bar is not "done", so none turns green, and the units not yet scored are grey. */}
          <Progress
            percent={Math.round((g.units / most) * 100)}
            status="normal"
            strokeColor={g.grade === null ? '#bfbfbf' : undefined}
            showInfo={false}
            aria-label={`${gradeLabel(g)} ${g.units} 个单位`}
          />
        </div>
      ))}
    </Space>
  );
}

/** A campaign's figures, optionally beside another campaign of the officer's (last year's, say), chosen on the page and kept in the address. */
export function StatisticsPage() {
  const { campaignId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const raw = params.get('compareWith');
  const compareWith = raw && UUID.test(raw) && raw !== campaignId ? raw : undefined;
  const campaigns = useLoad(() => call<Page<CampaignView>>(() => api.GET('/api/campaigns', { params: { query: { limit: 200 } } })), []);
  const { data, error, loading, reload } = useLoad(
    () => call<StatisticsView>(() => api.GET('/api/campaigns/{id}/statistics', { params: { path: { id: campaignId }, query: compareWith ? { compareWith } : {} } })),
    [campaignId, compareWith],
  );
  const others = (campaigns.data?.items ?? []).filter((c) => c.id !== campaignId && c.status === 'issued');
  const main = data?.campaign;
  const other = data?.compareWith ?? null;
  const name = (f: CampaignFigures) => `${f.documentNumber}（${f.fiscalYear} 年度）`;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={<h1 style={{ fontSize: 20, margin: 0, whiteSpace: 'normal' }}>统计分析{main ? `：${main.documentNumber}` : ''}</h1>}
        extra={<Link to={`/campaigns/${campaignId}/tracking`}>报送跟踪</Link>}
        loading={loading && !data}
      >
        <ErrorNotice error={error ?? campaigns.error} onReload={reload} />
        <Form layout="inline" style={{ marginBottom: 16 }}>
          <Form.Item label="对比通知" htmlFor="statistics-compare">
            <Select
              id="statistics-compare"
              allowClear
              placeholder="不对比"
              // As wide as a document number needs on a desktop, never wider than a phone's screen.
              style={{ width: 'min(320px, calc(100vw - 120px))' }}
              value={compareWith}
              options={others.map((c) => ({ value: c.id, label: `${c.documentNumber}（${c.fiscalYear} 年度）` }))}
              onChange={(v?: string) => {
                const next = new URLSearchParams(params);
                if (v) next.set('compareWith', v);
                else next.delete('compareWith');
                setParams(next);
              }}
            />
          </Form.Item>
        </Form>
        {main && (
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={MEASURES}
            columns={[
              { title: '指标', dataIndex: 'label' },
              { title: name(main), key: 'main', render: (_, m) => m.value(main) },
              ...(other ? [{ title: name(other), key: 'other', render: (_: unknown, m: (typeof MEASURES)[number]) => m.value(other) }] : []),
            ]}
          />
        )}
      </Card>
      {main && (
        <Row gutter={[16, 16]}>
          {[main, ...(other ? [other] : [])].map((f) => (
            <Col key={f.campaignId} xs={24} md={other ? 12 : 24}>
              <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{name(f)}</h2>}>
                <h3 style={{ fontSize: 15 }}>自评等级分布</h3>
                <GradeChart figures={f} />
                <h3 style={{ fontSize: 15, marginTop: 16 }}>退回原因</h3>
                {f.returnReasons.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有退回" />
                ) : (
                  <Table
                    rowKey="reason"
                    size="small"
                    pagination={false}
                    dataSource={f.returnReasons}
                    columns={[
                      { title: '原因', dataIndex: 'reason' },
                      { title: '次数', dataIndex: 'returns', width: 80 },
                    ]}
                  />
                )}
              </Card>
            </Col>
          ))}
        </Row>
      )}
    </Space>
  );
}
