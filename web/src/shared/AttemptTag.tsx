import { Tag } from 'antd';

/** The kind of attempt: first, make-up (EXM-8) or the practical alone after 6 months away (Order 30 art. 32). */
export default function AttemptTag({ attempt }: { attempt: string }) {
  if (attempt === 'makeup') return <Tag color="orange">补考</Tag>;
  if (attempt === 'return') return <Tag color="blue">离岗复考（实操）</Tag>;
  return <Tag>首考</Tag>;
}
