import { useEffect, useState } from 'react';
import { Button, Grid, Layout, Menu, Space, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth';
import { ROLE_LABELS } from '../labels';
import { NAVIGATION } from '../navigation';
import { NotificationBell } from './NotificationBell';

/** The frame of every page after sign-in: the menu of the pages this person's roles use, who is signed in, sign-out. */
export function ConsoleLayout() {
  const { session, signOut, hasRole } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const [shown, setShown] = useState<ReadonlySet<string>>(new Set());
  const userId = session?.user.id;
  useEffect(() => {
    let current = true;
    for (const entry of NAVIGATION) {
      void entry.shownWhen?.().then((yes) => {
        if (current && yes) setShown((before) => new Set([...before, entry.path]));
      });
    }
    return () => {
      current = false;
    };
  }, [userId]);
  // The system administrator's organisation holds no other role: no case, task or notice is theirs.
  const systemOnly = hasRole('system_admin');
  const entries = NAVIGATION.filter(
    (entry) => (!entry.roles || hasRole(...entry.roles)) && (!entry.caseWork || !systemOnly) && (!entry.shownWhen || shown.has(entry.path)),
  );
  const selected = entries.find((entry) => location.pathname.startsWith(entry.path))?.path ?? '';
  const user = session!.user;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: screens.md ? 24 : 8, flexWrap: 'wrap', height: 'auto', minHeight: 64 }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
          绩效自评
        </Typography.Text>
        <nav aria-label="主菜单" style={{ flex: 1, minWidth: 0 }}>
          <Menu
            theme="dark"
            mode="horizontal"
            selectedKeys={[selected]}
            items={entries.map((entry) => ({ key: entry.path, label: entry.label }))}
            onClick={({ key }) => navigate(key)}
          />
        </nav>
        <Space wrap>
          {!systemOnly && <NotificationBell />}
          <Typography.Text style={{ color: '#fff' }} data-testid="signed-in-as">
            {user.displayName}（{user.organisationName}{screens.md ? `，${user.roles.map((r) => ROLE_LABELS[r]).join('、')}` : ''}）
          </Typography.Text>
          <Button size="small" onClick={() => void signOut()}>
            退出登录
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: screens.md ? 24 : 8 }}>
        <main style={{ maxWidth: 1280, margin: '0 auto' }}>
          <Outlet />
        </main>
      </Layout.Content>
    </Layout>
  );
}
