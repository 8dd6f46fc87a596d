// Apache ECharts, loaded on demand (a separate chunk: the first page does not pay for it).
// Only the chart kinds the console draws are bundled; the SVG renderer keeps the drawing in
// the page (no canvas), so it scales and prints cleanly.
import * as echarts from 'echarts/core';
import { BarChart, GraphChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, AriaComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, GraphChart, LineChart, MapChart, PieChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent,
  VisualMapComponent, SVGRenderer]);

// A map's outlines, registered once by name.
export function registerMap(name, geojson) {
  if (!echarts.getMap(name)) echarts.registerMap(name, geojson);
}

export function draw(element, option, rtl) {
  let chart = echarts.getInstanceByDom(element);
  if (!chart) chart = echarts.init(element, null, { renderer: 'svg' });
  chart.setOption({ animation: false, textStyle: { fontFamily: 'inherit' }, ...option }, true);
  if (rtl) chart.setOption({ legend: { align: 'right' } });
  return chart;
}

export function dispose(element) {
  echarts.getInstanceByDom(element)?.dispose();
}
