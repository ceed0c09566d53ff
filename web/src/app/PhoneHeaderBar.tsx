// The header row of a phone: 菜单 (opens the drawer), 全链 (home), the user's name and 退出登录. The
// back office's shell (AppLayout) and the worker's light shell (WorkerShell) both draw it.
import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { Link } from 'react-router-dom';

export default function PhoneHeaderBar({
  displayName,
  onMenu,
  onLogout,
}: {
  displayName: string;
  onMenu: () => void;
  onLogout: () => void;
}) {
  return (
    <Flex justify="space-between" align="center" gap={4} style={{ height: '100%' }}>
      <Button type="text" icon={<MenuOutlined />} aria-label="菜单" onClick={onMenu}>
        菜单
      </Button>
      <Link to="/" style={{ flex: 'none' }}>
        <Typography.Text strong style={{ fontSize: 18, letterSpacing: 2 }}>
          全链
        </Typography.Text>
      </Link>
      <Flex align="center" gap={0} style={{ minWidth: 0 }}>
        <Typography.Text ellipsis style={{ maxWidth: 96 }}>
          {displayName}
        </Typography.Text>
        <Button type="text" icon={<LogoutOutlined />} aria-label="退出登录" title="退出登录" onClick={onLogout} />
      </Flex>
    </Flex>
  );
}
