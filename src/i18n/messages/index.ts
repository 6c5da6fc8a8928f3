// All message catalogs, merged. Each module owns one file here so codes stay next to their meaning.
import { modelMessages } from './model.ts';

export const allMessages = {
  ...modelMessages,
} as const;
