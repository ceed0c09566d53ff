// Tables of the catalogue (CAT-1, CAT-2).
import { boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const operationCategories = pgTable('operation_categories', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  sortOrder: integer('sort_order').notNull(),
});

export const operationItems = pgTable('operation_items', {
  code: text('code').primaryKey(),
  categoryCode: text('category_code')
    .notNull()
    .references(() => operationCategories.code),
  name: text('name').notNull(),
  sortOrder: integer('sort_order').notNull(),
  theoryHours: integer('theory_hours'),
  practicalHours: integer('practical_hours'),
  /** False until the provincial authority confirms the syllabus hours (NATIONAL.md "to confirm"). */
  hoursConfirmed: boolean('hours_confirmed').notNull().default(false),
  requiresRealEquipment: boolean('requires_real_equipment').notNull(),
  minEducation: text('min_education').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }),
});
