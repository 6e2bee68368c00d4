import type { ExportTable } from '../exports/index.ts';
import { statusTags } from './presenter.ts';
import type { BackupRow } from './service.ts';

/** The list of backups as it downloads: one row a backup, with the whole checksum. */
export const backupsTable: ExportTable<BackupRow> = {
  fileStem: 'backups',
  sheetTitle: 'Backups',
  columns: [
    { heading: 'Asked for', kind: 'dateTime', value: (b) => b.requestedAt },
    { heading: 'Asked for by', kind: 'text', value: (b) => b.requestedBy, width: 28 },
    { heading: 'Status', kind: 'text', value: (b) => statusTags[b.status].text },
    { heading: 'Finished', kind: 'dateTime', value: (b) => b.finishedAt },
    { heading: 'File', kind: 'text', value: (b) => b.made?.fileName, width: 40 },
    { heading: 'Size in bytes', kind: 'integer', value: (b) => b.made?.bytes },
    { heading: 'SHA-256 of the file', kind: 'text', value: (b) => b.made?.fileSha256, width: 66 },
    { heading: 'Schema version', kind: 'integer', value: (b) => b.made?.schemaVersion },
    {
      heading: 'File still on the server',
      kind: 'text',
      value: (b) => (b.made ? (b.fileHere ? 'Yes' : 'No') : ''),
    },
    { heading: 'Outcome', kind: 'text', value: (b) => b.message, width: 60 },
  ],
};
