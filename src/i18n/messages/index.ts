// All message catalogs, merged. Each module owns one file here so codes stay next to their meaning.
import { adapterMessages } from './adapters.ts';
import { modelMessages } from './model.ts';

export const allMessages = {
  ...modelMessages,
  ...adapterMessages,
} as const;
