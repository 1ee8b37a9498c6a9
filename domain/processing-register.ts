import { listEvents } from './events';
import { listPartners, type PartnerView } from './partners';
import { listPurposes } from './purposes';
import type { Services } from './services';
import type { Event, Purpose } from './types';
import type { Controller } from './controller';
import { SECURITY_MEASURES } from './controller';
import type { DataCategory } from './constants';
import { CATEGORY_DPV, LAWFUL_BASIS_DPV } from './vocabulary';

export interface ProcessingActivity {
  purpose: Purpose;
  dpvPurpose: string;
  lawfulBasis: Purpose['lawfulBasis'];
  dpvLawfulBasis: string[];
  dataCategories: { category: DataCategory; dpv: string }[];
  dataSubjects: string[];
  events: Event[];
  recipients: PartnerView[];
  retentionDays: number | null;
}

export interface ProcessingRegister {
  controller: Controller;
  activities: ProcessingActivity[];
  recipients: PartnerView[];
  thirdCountryTransfers: string[];
  securityMeasures: string[];
  generatedAt: string;
}

/** The register of processing activities (GDPR Art. 30(1)): purposes with the events that serve them. */
export async function processingRegister(services: Services): Promise<ProcessingRegister> {
  const [purposes, events, partners] = await Promise.all([
    listPurposes(services),
    listEvents(services),
    listPartners(services),
  ]);
  const partnerById = new Map(partners.map((partner) => [partner.id, partner]));
  const activities = purposes.map((purpose): ProcessingActivity => {
    const serving = events.filter((event) =>
      event.dataUses.some((use) => use.purposeId === purpose.id),
    );
    const recipientIds = new Set(serving.flatMap((event) => event.cosponsorIds));
    return {
      purpose,
      dpvPurpose: purpose.dpvPurpose,
      lawfulBasis: purpose.lawfulBasis,
      dpvLawfulBasis: LAWFUL_BASIS_DPV[purpose.lawfulBasis],
      dataCategories: purpose.dataCategories.map((category) => ({
        category,
        dpv: CATEGORY_DPV[category],
      })),
      dataSubjects:
        serving.length > 0 ? ['event attendees', 'website visitors'] : ['website visitors'],
      events: serving,
      recipients: [...recipientIds].flatMap((id) => partnerById.get(id) ?? []),
      retentionDays: purpose.retentionDays ?? null,
    };
  });
  const home = services.controller.country;
  return {
    controller: services.controller,
    activities,
    recipients: partners,
    thirdCountryTransfers: [
      ...new Set(
        partners.flatMap((partner) =>
          partner.country && partner.country !== home ? [partner.country] : [],
        ),
      ),
    ].sort(),
    securityMeasures: SECURITY_MEASURES,
    generatedAt: services.now().toISOString(),
  };
}
