// 体检证明 form section (health condition of REG-3), used by 人员登记 and by 登记体检证明 on a worker.
import { Checkbox, Col, DatePicker, Form, Input, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { HealthDeclaration, InstitutionLevel } from '../types';
import { DISQUALIFYING_CONDITIONS, HEALTH_INSTITUTION_LEVELS } from './labels';

export interface HealthFormValues {
  issuedAt: Dayjs;
  institutionName: string;
  institutionLevel: InstitutionLevel;
  disqualifyingConditions?: string[];
}

export function toHealthPayload(v: HealthFormValues): HealthDeclaration {
  return {
    issuedAt: v.issuedAt.format('YYYY-MM-DD'),
    institutionName: v.institutionName.trim(),
    institutionLevel: v.institutionLevel,
    disqualifyingConditions: v.disqualifyingConditions ?? [],
  };
}

/** The fields, under `prefix` in the surrounding Form (e.g. ['health']). */
export default function HealthFields({ prefix = [] }: { prefix?: string[] }) {
  const name = (field: keyof HealthFormValues) => [...prefix, field];
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={7}>
          <Form.Item
            name={name('issuedAt')}
            label="出具日期"
            rules={[{ required: true, message: '请选择体检证明的出具日期' }]}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item
            name={name('institutionName')}
            label="医疗机构名称"
            rules={[{ required: true, whitespace: true, message: '请输入出具体检证明的医疗机构' }]}
          >
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={7}>
          <Form.Item
            name={name('institutionLevel')}
            label="医疗机构级别"
            rules={[{ required: true, message: '请选择医疗机构级别' }]}
          >
            <Select options={HEALTH_INSTITUTION_LEVELS} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name={name('disqualifyingConditions')}
        label="不适宜从事特种作业的疾病"
        extra="体检证明载有下列疾病或生理缺陷时勾选；均无则不勾选。"
      >
        <Checkbox.Group options={DISQUALIFYING_CONDITIONS} />
      </Form.Item>
    </>
  );
}
