// The lifeline's page in the console: its component and its texts, registered by web/src/apps.ts under the route the
// application declares (src/apps/lifeline/application.ts).
import { LifelinePage } from './LifelinePage.tsx';
import { lifelineConsoleEn, lifelineConsoleJa } from './messages.ts';

export const lifelineConsolePage = {
  route: 'lifeline',
  Page: LifelinePage,
  messages: { ja: lifelineConsoleJa, en: lifelineConsoleEn },
} as const;
