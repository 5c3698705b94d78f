/** The app's sections (DESIGN.md), in navigation order. `summary` says what the section
 * holds: the home page cards show it, and so does the empty state of a section not built yet. */
export interface Section {
  slug: string;
  label: string;
  summary?: string;
}

export const SECTIONS: Section[] = [
  { slug: "datasets", label: "Datasets", summary: "Versioned OHLCV datasets: CSV and Parquet upload with a validation report, and candlestick charts with indicator overlays." },
  { slug: "experiments", label: "Experiments", summary: "Experiments group tracked runs, with their params, metrics, tags and artifacts." },
  { slug: "runs", label: "Runs", summary: "Every tracked run, searchable with MLflow's filter syntax; open an experiment to search its runs." },
  { slug: "compare", label: "Compare", summary: "Two to ten runs side by side: param differences and overlaid metric charts." },
  { slug: "training", label: "Training", summary: "Walk-forward training and tuning jobs, with live per-fold progress." },
  { slug: "backtests", label: "Backtests", summary: "Backtests with costs: equity and drawdown curves, trade logs and the deflated Sharpe ratio." },
  { slug: "models", label: "Models", summary: "The model registry: versions, stages, aliases and reviewed promotion." },
  { slug: "deployments", label: "Deployments", summary: "Endpoints serving a model alias or version: single, A/B and shadow." },
  { slug: "monitoring", label: "Monitoring", summary: "Feature drift, live performance and alerts per deployment." },
];

export const SETTINGS_SECTIONS: Section[] = [
  { slug: "settings/members", label: "Members" },
  { slug: "settings/tokens", label: "API tokens" },
  { slug: "settings/audit", label: "Audit log" },
];
