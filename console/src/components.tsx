/**
 * Pieces every console page uses: the alert that shows what went wrong, the pager of a list, and a
 * time-series chart (uPlot) that redraws its data without rebuilding the DOM on each refresh.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, errorMessage } from './api.js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** What went wrong, read out by screen readers; nothing when there is no message. */
export function Alert({ message }: { message: string }) {
  if (!message) return null;
  return (
    <p role="alert" class="error">
      {message}
    </p>
  );
}

/**
 * A form's calls to Herald: busy while one runs; afterwards the refusal's message and its fields
 * (or "could not be reached"); a 401 hands over to `onSignedOut` when given. `run` answers the call's
 * result, or undefined when it failed.
 */
export function useFormCall(onSignedOut?: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const run = async <T,>(call: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError('');
    setFields({});
    try {
      return await call();
    } catch (err) {
      if (err instanceof ApiError) {
        if (err.status === 401 && onSignedOut) onSignedOut();
        else {
          setError(err.message);
          setFields(err.fields);
        }
      } else setError(errorMessage(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, fields, run };
}

/** Previous and next page of a list; `pages` when the total is known, else "Page n". */
export function Pager(props: {
  label: string;
  page: number;
  onPage(page: number): void;
  hasNext: boolean;
  pages?: number;
  previous?: string;
  next?: string;
}) {
  const { page, onPage } = props;
  return (
    <nav class="pager" aria-label={props.label}>
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>
        {props.previous ?? 'Newer'}
      </button>
      <span>
        Page {page + 1}
        {props.pages !== undefined && ` of ${props.pages}`}
      </span>
      <button type="button" disabled={!props.hasNext} onClick={() => onPage(page + 1)}>
        {props.next ?? 'Older'}
      </button>
    </nav>
  );
}

/** One series over time: x in ms since the epoch, y as given; `yMax` fixes the top of the scale. */
export function TimeChart(props: {
  times: number[];
  values: number[];
  label: string;
  description: string;
  color: { stroke: string; fill: string };
  yMax?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  useEffect(() => {
    const data: uPlot.AlignedData = [props.times.map((t) => t / 1000), props.values];
    if (!chart.current && box.current) {
      chart.current = new uPlot(
        {
          width: Math.max(280, box.current.clientWidth),
          height: 180,
          series: [{}, { label: props.label, ...props.color }],
          scales: {
            // One point (or all at one time): a quarter of an hour around it, not uPlot's years.
            x: {
              time: true,
              range: (_u, min, max) => (max - min < 60 ? [min - 450, max + 450] : [min, max]),
            },
            ...(props.yMax !== undefined && { y: { range: [0, props.yMax] } }),
          },
          axes: [{}, { size: 50 }],
          legend: { show: false },
        },
        data,
        box.current,
      );
    } else chart.current?.setData(data);
  }, [props.times, props.values]);
  useEffect(() => () => chart.current?.destroy(), []);
  return <div ref={box} class="chart" role="img" aria-label={props.description} />;
}
