import { Button, Card, Empty, List, Segmented, Space, Tag, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorNotice } from '../components/ErrorNotice';
import { shanghaiTime } from '../labels';
import { announceNotificationsChanged, notificationsApi, notificationText, type NotificationView } from '../notifications';
import { useLoad } from '../use-load';

const PAGE_SIZE = 20;

/**
 * Every notice of the signed-in person, newest first. A notice is read once it is opened (a click
 * takes you to its case or section); the list alone marks nothing, and “全部标为已读” marks all.
 */
export function NotificationsPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const current = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const unreadOnly = params.get('unread') === 'true';
  const { data, error, loading, reload } = useLoad(
    () => notificationsApi.list({ unread: unreadOnly, limit: PAGE_SIZE, offset: (current - 1) * PAGE_SIZE }),
    [current, unreadOnly],
  );

  const open = async (notice: NotificationView) => {
    if (notice.readAt === null) {
      await notificationsApi.markRead([notice.id]).catch(() => undefined);
      announceNotificationsChanged();
    }
    navigate(notice.link);
  };

  const markAll = async () => {
    await notificationsApi.markRead('all');
    announceNotificationsChanged();
    reload();
  };

  return (
    <Card
      title={<h1 style={{ fontSize: 20, margin: 0 }}>通知</h1>}
      extra={
        <Space wrap>
          <Button onClick={reload}>刷新</Button>
          <Button disabled={!data || data.unread === 0} onClick={() => void markAll()}>
            全部标为已读
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            options={[
              { value: 'all', label: '全部' },
              { value: 'unread', label: `未读${data ? `（${data.unread}）` : ''}` },
            ]}
            onChange={(value) => setParams(value === 'unread' ? { unread: 'true' } : {})}
          />
          <Typography.Text type="secondary">退回、催办、待审批和转交给你的工作会在这里即时提醒；点开一条即标为已读。</Typography.Text>
        </Space>
        <ErrorNotice error={error} onReload={reload} />
        {/* A list rather than a table: the sentence is the whole notice, and it wraps at a phone's width. */}
        <List<NotificationView>
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description={unreadOnly ? '没有未读通知' : '还没有通知'} /> }}
          pagination={{
            current,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            showTotal: (total) => `共 ${total} 条`,
            hideOnSinglePage: false,
            onChange: (page) => setParams({ ...(unreadOnly ? { unread: 'true' } : {}), ...(page === 1 ? {} : { page: String(page) }) }),
          }}
          renderItem={(notice) => (
            <List.Item>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <a
                  href={notice.link}
                  data-testid="notification-row"
                  onClick={(event) => {
                    event.preventDefault();
                    void open(notice);
                  }}
                  style={{ fontWeight: notice.readAt === null ? 600 : 400, overflowWrap: 'anywhere' }}
                >
                  {notificationText(notice)}
                </a>
                <Space size={8}>
                  {notice.readAt === null ? <Tag color="blue">未读</Tag> : <Tag>已读</Tag>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {shanghaiTime(notice.createdAt)}
                  </Typography.Text>
                </Space>
              </Space>
            </List.Item>
          )}
        />
      </Space>
    </Card>
  );
}
