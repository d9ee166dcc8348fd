import { Module } from '@nestjs/common';
import { CarePlansModule } from '../care-plans/care-plans.module';
import { CaseloadsModule } from '../caseloads/caseloads.module';
import { PatientsModule } from '../patients/patients.module';
import { TasksModule } from '../tasks/tasks.module';
import { AgendaRepository } from './agenda.repository';
import { AgendaService } from './agenda.service';
import { AttendanceService } from './attendance.service';
import { AttendeesRepository } from './attendees.repository';
import { CalendarService } from './calendar.service';
import { MdtMeasures } from './mdt-measures.provider';
import { MdtController } from './mdt.controller';
import { MeetingsRepository } from './meetings.repository';
import { MeetingsService } from './meetings.service';
import { MdtMetricsRepository } from './metrics.repository';
import { OutcomesRepository } from './outcomes.repository';
import { OutcomesService } from './outcomes.service';
import { SeriesRepository } from './series.repository';
import { SeriesService } from './series.service';

/**
 * MDT meetings per GP practice: series, meetings, attendance, agendas, outcomes, calendar files, and
 * the MDT measures (registered with the global MetricsRegistry by MdtMeasures). Agenda sources are
 * not here: each capability registers its own with the global MdtAgendaRegistry (docs/mdt.md).
 */
@Module({
  imports: [PatientsModule, TasksModule, CaseloadsModule, CarePlansModule],
  controllers: [MdtController],
  providers: [
    MeetingsRepository,
    SeriesRepository,
    AttendeesRepository,
    AgendaRepository,
    OutcomesRepository,
    MdtMetricsRepository,
    MeetingsService,
    SeriesService,
    AttendanceService,
    AgendaService,
    OutcomesService,
    CalendarService,
    MdtMeasures,
  ],
})
export class MdtModule {}
