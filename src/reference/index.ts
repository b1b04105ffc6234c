// The reviewed data in data/, validated once and handed to the engine as one value.
import calendarYaml from '../../data/calendar.yaml';
import rulesYaml from '../../data/rules.yaml';
import specialtiesYaml from '../../data/specialties.yaml';
import eligibilityYaml from '../../data/eligibility.yaml';
import feesYaml from '../../data/fees.yaml';
import {
  calendarDataSchema,
  eligibilityDataSchema,
  feesDataSchema,
  rulesDataSchema,
  specialtiesDataSchema,
  type CalendarData,
  type EligibilityData,
  type FeesData,
  type RulesData,
  type SpecialtiesData,
} from './schema.js';

export interface ReferenceData {
  calendar: CalendarData;
  rules: RulesData;
  specialties: SpecialtiesData;
  eligibility: EligibilityData;
  fees: FeesData;
}

let cached: ReferenceData | undefined;

export function referenceData(): ReferenceData {
  cached ??= {
    calendar: calendarDataSchema.parse(calendarYaml),
    rules: rulesDataSchema.parse(rulesYaml),
    specialties: specialtiesDataSchema.parse(specialtiesYaml),
    eligibility: eligibilityDataSchema.parse(eligibilityYaml),
    fees: feesDataSchema.parse(feesYaml),
  };
  return cached;
}
