import type { ImpactAssessment } from '../domain/types';
import type { Db } from './db';
import { entityOf, itemOf } from './items';
import { assessmentKeys } from './keys';
import { queryAll } from './pages';
import type { TransactItem } from './transactions';

export function assessmentPut(db: Db, assessment: ImpactAssessment): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...assessmentKeys.assessment(assessment.partnerId, assessment.conductedAt, assessment.id),
        ...itemOf(assessment),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Every assessment on record, or one partner's: a few per partner (store/keys.ts). */
export async function listAssessments(db: Db, partnerId?: string): Promise<ImpactAssessment[]> {
  const items = await queryAll(db, {
    partition: assessmentKeys.partition,
    sortPrefix: partnerId ? assessmentKeys.partnerPrefix(partnerId) : undefined,
  });
  return items.map((item) => entityOf<ImpactAssessment>(item));
}
