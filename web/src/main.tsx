import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { AuthProvider } from './app/auth';
import App from './app/App';

dayjs.locale('zh-cn');

const theme = {
  token: { colorPrimary: '#1d4f91', borderRadius: 4 },
  components: {
    Layout: { siderBg: '#0f2a4f', triggerBg: '#0b2140' },
    Menu: { darkItemBg: '#0f2a4f', darkSubMenuItemBg: '#0b2140' },
  },
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <App />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
