// The alerts page in the console: its component and its texts, registered by web/src/apps.ts under the route the
// application declares (src/apps/alerts/application.ts).
import { AlertsPage } from './AlertsPage.tsx';
import { alertsConsoleEn, alertsConsoleJa } from './messages.ts';

export const alertsConsolePage = {
  route: 'alerts',
  Page: AlertsPage,
  messages: { ja: alertsConsoleJa, en: alertsConsoleEn },
} as const;
