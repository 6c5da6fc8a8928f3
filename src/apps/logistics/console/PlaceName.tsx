// A place or area as the logistics page shows it: its name, with the id (and the node that holds it) as quieter text
// beneath for the operator who needs it; the id alone when no name is known.
import type { Label } from './place-labels.ts';

export function PlaceName({ label, holder }: { label: Label; holder?: string }) {
  const secondary = [holder, label.named ? label.id : undefined].filter((s): s is string => s !== undefined && s !== '').join(' · ');
  return (
    <>
      {label.text}
      {secondary !== '' && <span className="place-id">{secondary}</span>}
    </>
  );
}
