import { useCallback, useEffect, useState } from 'react';
import { Badge, Button, Empty, List, Popover, Space, Spin, Typography } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { shanghaiTime } from '../labels';
import { announceNotificationsChanged, notificationsApi, notificationText, NOTIFICATIONS_CHANGED, type NotificationView } from '../notifications';

/** How often the bell asks for the unread count (and at once on every change of page). */
const POLL_MS = 30_000;
const SHOWN = 8;

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}

/**
 * The bell in the header: the unread count, polled every 30 s and on every change of page, and
 * the latest notices on a click. Opening a notice marks it read and goes to its case or section;
 * merely showing the list marks nothing, so a notice not yet acted on stays unread.
 */
export function NotificationBell() {
  const navigate = useNavigate();
  const location = useLocation();
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<NotificationView[] | null>(null);
  const [failed, setFailed] = useState(false);

  const refreshCount = useCallback(() => {
    notificationsApi.count().then(
      (answer) => setUnread(answer.unread),
      () => undefined,
    );
  }, []);

  useEffect(() => {
    refreshCount();
  }, [location.pathname, refreshCount]);

  useEffect(() => {
    const timer = window.setInterval(refreshCount, POLL_MS);
    window.addEventListener(NOTIFICATIONS_CHANGED, refreshCount);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, refreshCount);
    };
  }, [refreshCount]);

  const loadList = useCallback(() => {
    setFailed(false);
    notificationsApi.list({ limit: SHOWN, offset: 0 }).then(
      (page) => {
        setItems(page.items);
        setUnread(page.unread);
      },
      () => setFailed(true),
    );
  }, []);

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) loadList();
  };

  const openNotice = async (notice: NotificationView) => {
    setOpen(false);
    if (notice.readAt === null) {
      try {
        const answer = await notificationsApi.markRead([notice.id]);
        setUnread(answer.unread);
      } catch {
        // Marking read is a courtesy: the page opens all the same.
      }
      announceNotificationsChanged();
    }
    navigate(notice.link);
  };

  const markAll = async () => {
    const answer = await notificationsApi.markRead('all');
    setUnread(answer.unread);
    loadList();
    announceNotificationsChanged();
  };

  const content = (
    <div style={{ width: 'min(380px, calc(100vw - 56px))' }} data-testid="notification-list">
      {failed ? (
        <Typography.Text type="danger">通知暂时无法读取，请稍后再试。</Typography.Text>
      ) : items === null ? (
        <Spin />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有通知" />
      ) : (
        <List<NotificationView>
          style={{ maxHeight: '60vh', overflowY: 'auto' }}
          size="small"
          dataSource={items}
          renderItem={(notice) => (
            <List.Item style={{ paddingInline: 4 }}>
              <a
                href={notice.link}
                data-testid="notification-item"
                data-unread={notice.readAt === null ? 'true' : 'false'}
                onClick={(event) => {
                  event.preventDefault();
                  void openNotice(notice);
                }}
                style={{ display: 'block', width: '100%', color: 'inherit' }}
              >
                <Space align="start" size={6}>
                  <Badge status={notice.readAt === null ? 'processing' : 'default'} />
                  <span>
                    <Typography.Text strong={notice.readAt === null} style={{ overflowWrap: 'anywhere' }}>
                      {notificationText(notice)}
                    </Typography.Text>
                    <br />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {shanghaiTime(notice.createdAt)}
                    </Typography.Text>
                  </span>
                </Space>
              </a>
            </List.Item>
          )}
        />
      )}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 8 }} wrap>
        <Link to="/notifications" onClick={() => setOpen(false)}>
          查看全部通知
        </Link>
        <Button size="small" disabled={unread === 0} onClick={() => void markAll()}>
          全部标为已读
        </Button>
      </Space>
    </div>
  );

  return (
    <Popover trigger="click" placement="bottomRight" open={open} onOpenChange={onOpenChange} content={content} title="通知" arrow={false}>
      <Button
        type="text"
        aria-label={unread > 0 ? `通知，${unread} 条未读` : '通知'}
        data-testid="notification-bell"
        style={{ color: '#fff', paddingInline: 6 }}
      >
        <Badge count={unread} size="small" overflowCount={99} offset={[2, -2]} data-testid="notification-count">
          <span style={{ color: '#fff', display: 'inline-flex' }}>
            <BellIcon />
          </span>
        </Badge>
      </Button>
    </Popover>
  );
}
