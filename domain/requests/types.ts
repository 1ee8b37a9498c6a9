import type {
  DataCategory,
  Jurisdiction,
  RequestChannel,
  RequestStatus,
  RequestType,
} from '../constants';

/** One entry of a request's history: each status change, who made it and why. */
export interface RequestHistoryEntry {
  at: string;
  status: RequestStatus;
  actor: string;
  note: string | null;
}

export interface Verification {
  /** SHA-256 of the request id and the code: the code itself is never stored. */
  codeHash: string;
  expiresAt: string;
  failedAttempts: number;
}

export interface Correction {
  category: DataCategory;
  value: string;
}

/** A data subject request, stored in the person's partition. */
export interface SubjectRequest {
  id: string;
  subjectId: string;
  type: RequestType;
  status: RequestStatus;
  email: string;
  jurisdiction: Jurisdiction;
  details: string | null;
  /** RECTIFICATION only. */
  corrections: Correction[] | null;
  /** WITHDRAW_CONSENT and OBJECTION only; null means every purpose. */
  purposeIds: string[] | null;
  /** When it reached the organisation: deadlines count from here. */
  receivedAt: string;
  /** How it reached the organisation; requests stored before channels were kept came on the web. */
  channel: RequestChannel;
  verifiedAt: string | null;
  dueAt: string;
  extensionReason: string | null;
  completedAt: string | null;
  rejectionReason: string | null;
  reviewNote: string | null;
  /** How many parts the export of an ACCESS or PORTABILITY request has. */
  resultParts: number | null;
  verification: Verification | null;
  history: RequestHistoryEntry[];
  /** Counts the changes: a write that read an older revision loses. */
  revision: number;
}
