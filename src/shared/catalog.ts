// CAT-1/CAT-2: an operation item and its category as GET /api/catalog answers them.

export interface OperationItem {
  code: string;
  name: string;
  categoryCode: string;
  theoryHours: number | null;
  practicalHours: number | null;
  hoursConfirmed: boolean;
  requiresRealEquipment: boolean;
  /** REG-3 floor, raised by CAT-2 for some categories. */
  minEducation: 'junior_high' | 'senior_high';
  minEducationLabel: string;
}

export interface Category {
  code: string;
  name: string;
  items: OperationItem[];
}
