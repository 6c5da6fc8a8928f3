// The logistics page in the console: its component and its texts, registered by web/src/apps.ts under the route the
// application declares (src/apps/logistics/application.ts).
import { LogisticsPage } from './LogisticsPage.tsx';
import { logisticsConsoleEn, logisticsConsoleJa } from './messages.ts';

export const logisticsConsolePage = {
  route: 'logistics',
  Page: LogisticsPage,
  messages: { ja: logisticsConsoleJa, en: logisticsConsoleEn },
} as const;
