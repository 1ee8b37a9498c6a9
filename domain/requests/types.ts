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

/**
 * A RECTIFICATION's new email address: it acts only on an address proven to
 * be the person's, by a code mailed to it once the request is open.
 */
export interface NewEmail {
  address: string;
  /** The code mailed to the new address; null before the request opens, and once spent. */
  verification: Verification | null;
  provenAt: string | null;
  /** When the person's address became the new one: at completion or proof, whichever came last. */
  appliedAt: string | null;
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
  /** RECTIFICATION of EMAIL to another address only. */
  newEmail: NewEmail | null;
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
