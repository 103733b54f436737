<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>AnalysisTabs</name>
    <message>
        <source>Explain step</source>
        <translation>스텝 설명</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>η sweep</source>
        <translation>η 탐색</translation>
    </message>
    <message>
        <source>Basins</source>
        <translation>끌림 영역</translation>
    </message>
    <message>
        <source>Curvature</source>
        <translation>곡률</translation>
    </message>
    <message>
        <source>Curv.</source>
        <translation>곡률</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>설명</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>표</translation>
    </message>
</context>
<context>
    <name>BallEditor</name>
    <message>
        <source>Selected ball</source>
        <translation>선택한 공</translation>
    </message>
    <message>
        <source>exact ∇f</source>
        <translation>정확한 ∇f</translation>
    </message>
    <message>
        <source>my gradient</source>
        <translation>내 기울기</translation>
    </message>
    <message>
        <source>Type your gradient under “Check my gradient” to follow it</source>
        <translation>“내 기울기 확인” 탭에 기울기를 입력하면 그것을 따라갈 수 있습니다</translation>
    </message>
    <message>
        <source>How η changes with the step (torch.optim.lr_scheduler&apos;s formulas)</source>
        <translation>스텝에 따라 η가 바뀌는 방식 (torch.optim.lr_scheduler의 공식)</translation>
    </message>
    <message>
        <source>σ of the Gaussian noise added to the gradient this ball follows (0: none); Balls ▸ Fan runs it with many seeds</source>
        <translation>이 공이 따라가는 기울기에 더하는 가우스 잡음의 σ (0: 잡음 없음). 공 ▸ 여러 번 실행(팬)은 이 공을 여러 시드로 실행합니다</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>옵티마이저</translation>
    </message>
    <message>
        <source>Follows</source>
        <translation>따라갈 기울기</translation>
    </message>
    <message>
        <source>η schedule</source>
        <translation>η 스케줄</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>Noise σ</source>
        <translation>잡음 σ</translation>
    </message>
    <message>
        <source>Noise seed</source>
        <translation>잡음 시드</translation>
    </message>
</context>
<context>
    <name>BallList</name>
    <message>
        <source>stopped on flat ground (gradient 0) at step {step}, f = {loss}</source>
        <translation>스텝 {step}에서 평평한 곳에 멈춤 (기울기 0), f = {loss}</translation>
    </message>
    <message>
        <source>converged at step {step}, f = {loss}</source>
        <translation>스텝 {step}에서 수렴, f = {loss}</translation>
    </message>
    <message>
        <source>diverged at step {step}</source>
        <translation>스텝 {step}에서 발산</translation>
    </message>
    <message>
        <source>left the domain at step {step}</source>
        <translation>스텝 {step}에서 정의역을 벗어남</translation>
    </message>
    <message>
        <source>stopped at step {step}: its step is not defined here (H + δ·I is singular)</source>
        <translation>스텝 {step}에서 멈춤: 여기서는 스텝이 정의되지 않습니다 (H + δ·I가 특이 행렬)</translation>
    </message>
    <message>
        <source>cannot start: f is not defined there</source>
        <translation>시작할 수 없음: 이 점에서 f가 정의되지 않습니다</translation>
    </message>
    <message>
        <source>running · step {step}, f = {loss}</source>
        <translation>진행 중 · 스텝 {step}, f = {loss}</translation>
    </message>
    <message>
        <source>{running} running · {converged} converged · {diverged} diverged</source>
        <translation>진행 중 {running} · 수렴 {converged} · 발산 {diverged}</translation>
    </message>
    <message>
        <source>{flat} stopped on flat ground</source>
        <translation>평평한 곳에 멈춤 {flat}</translation>
    </message>
    <message>
        <source>{undefined} where f is not defined</source>
        <translation>f가 정의되지 않은 곳 {undefined}</translation>
    </message>
    <message>
        <source>Add ball</source>
        <translation>공 추가</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>복제</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>How many random starts</source>
        <translation>무작위 시작점 개수</translation>
    </message>
    <message>
        <source>seed </source>
        <translation>시드 </translation>
    </message>
    <message>
        <source>The same seed gives the same starts (a noisy ball&apos;s gradient noise has its own seed, the Noise seed beside its Noise σ)</source>
        <translation>같은 시드는 같은 시작점을 만듭니다(잡음이 있는 공의 기울기 잡음은 잡음 σ 옆의 잡음 시드를 따로 씁니다)</translation>
    </message>
    <message>
        <source>Random starts</source>
        <translation>무작위 시작점</translation>
    </message>
    <message>
        <source>Every ball from many starts drawn over the view; the best is ringed</source>
        <translation>모든 공을 보기 범위에서 뽑은 여러 시작점에서 출발시킵니다. 가장 좋은 공에 원이 표시됩니다</translation>
    </message>
    <message>
        <source>{label}
off</source>
        <translation>{label}
꺼짐</translation>
    </message>
    <message>
        <source>{n} starts: the best is ringed when every ball has stopped.</source>
        <translation>시작점 {n}개: 모든 공이 멈추면 가장 좋은 공에 원이 표시됩니다.</translation>
    </message>
    <message>
        <source>{count} more minima: {n}</source>
        <translation>나머지 극솟값 {count}곳: {n}개</translation>
    </message>
    <message>
        <source>{f} at {point}, in {name}</source>
        <translation>{f}, 위치 {point}, 극솟값 {name}</translation>
    </message>
    <message>
        <source>{f} at {point}</source>
        <translation>{f}, 위치 {point}</translation>
    </message>
    <message>
        <source>Best f = {best}. Reached {parts}; elsewhere: {rest}.</source>
        <translation>최저 f = {best}. 도달: {parts}; 그 밖: {rest}개.</translation>
    </message>
</context>
<context>
    <name>BasinLayer</name>
    <message>
        <source>… and {count} more minima</source>
        <translation>… 그리고 극소점 {count}개 더</translation>
    </message>
    <message>
        <source>diverged: {share}</source>
        <translation>발산: {share}</translation>
    </message>
    <message>
        <source>not converged: {share}</source>
        <translation>수렴하지 않음: {share}</translation>
    </message>
</context>
<context>
    <name>BasinPanel</name>
    <message>
        <source>Press “Run” to start every ball from each point of a grid over the view box and colour each start by the minimum it reaches.</source>
        <translation>“실행”을 누르면 보기 범위 위 격자의 모든 점에서 각 공을 출발시키고, 시작점마다 도달한 극소점의 색을 칠합니다.</translation>
    </message>
    <message>
        <source>Starts along x, evenly spread over the view box</source>
        <translation>x를 따라 보기 범위에 고르게 놓는 시작점 수</translation>
    </message>
    <message>
        <source>Starts per side of the view box: 200 makes 40,000 starts per ball</source>
        <translation>보기 범위 한 변의 시작점 수: 200이면 공마다 시작점 40,000개</translation>
    </message>
    <message>
        <source>Every ball on screen</source>
        <translation>화면의 모든 공</translation>
    </message>
    <message>
        <source>Every ball on screen (else the selected one)</source>
        <translation>화면의 모든 공 (끄면 선택한 공만)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Whose map is drawn on the contour view (follows the selected ball)</source>
        <translation>등고선 보기에 그릴 지도 (선택한 공을 따라갑니다)</translation>
    </message>
    <message>
        <source>Show map</source>
        <translation>지도 보기</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>격자</translation>
    </message>
    <message>
        <source>Map of</source>
        <translation>지도:</translation>
    </message>
    <message>
        <source>Enable a ball to map its basins.</source>
        <translation>끌림 영역을 그리려면 공을 켜 주세요.</translation>
    </message>
    <message>
        <source>Running {balls} × {starts:,} starts for {steps:,} steps…</source>
        <translation>공 {balls}개 × 시작점 {starts:,}개를 {steps:,} 스텝씩 실행하는 중…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>취소했습니다.</translation>
    </message>
    <message>
        <source>The basins could not be mapped: {error}</source>
        <translation>끌림 영역을 그리지 못했습니다: {error}</translation>
    </message>
    <message>
        <source>Flat: gradient 0 almost everywhere. {flat:.0%} of a ball&apos;s starts stopped on flat ground, where no minimum pulls them.</source>
        <translation>평평함: 거의 모든 곳에서 기울기가 0입니다. 한 공의 시작점 중 {flat:.0%}가 어떤 극소점도 끌어당기지 않는 평평한 곳에서 멈췄습니다.</translation>
    </message>
    <message>
        <source>{minima} minima found in {seconds:.1f} s ({starts:,} starts per ball, {steps:,} steps); at most {stray:.1%} of a ball&apos;s starts diverged or did not converge.</source>
        <translation>{seconds:.1f}초 만에 극소점 {minima}개를 찾았습니다 (공마다 시작점 {starts:,}개, {steps:,} 스텝). 발산하거나 수렴하지 않은 시작점은 공마다 많아야 {stray:.1%}입니다.</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>극소점</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>발산</translation>
    </message>
    <message>
        <source>not converged</source>
        <translation>수렴하지 않음</translation>
    </message>
    <message>
        <source>flat: gradient 0</source>
        <translation>평평함: 기울기 0</translation>
    </message>
    <message>
        <source>The landscape changed: the run was cancelled.</source>
        <translation>지형이 바뀌어 실행을 취소했습니다.</translation>
    </message>
    <message>
        <source>The balls changed while the basins were mapped: the run was cancelled. Press “Run” again.</source>
        <translation>끌림 영역을 그리는 동안 공이 바뀌어 실행을 취소했습니다. “실행”을 다시 눌러 주세요.</translation>
    </message>
    <message>
        <source>The balls changed since this map was made: the table and the map show the settings in the column headers. Press “Run” to map the new ones.</source>
        <translation>이 지도를 만든 뒤 공이 바뀌었습니다. 표와 지도는 열 제목에 적힌 설정의 결과입니다. 새 설정으로 그리려면 “실행”을 누르세요.</translation>
    </message>
</context>
<context>
    <name>BatchSizeBox</name>
    <message>
        <source>all points</source>
        <translation>모든 점</translation>
    </message>
    <message>
        <source>Minibatch SGD: each step averages the gradient over this many data points, drawn at random, none twice in an epoch</source>
        <translation>미니배치 SGD: 스텝마다 무작위로 뽑은 이만큼의 데이터 점에서 기울기를 평균합니다. 한 에폭 안에서 같은 점은 한 번만 뽑습니다</translation>
    </message>
</context>
<context>
    <name>BoundLine</name>
    <message>
        <source>No bound on η: {reason}.</source>
        <translation>η의 한계 없음: {reason}.</translation>
    </message>
    <message>
        <source>diverges above η = {eta} (2/λ₁, λ₁ = {l1})</source>
        <translation>η = {eta}보다 크면 발산 (2/λ₁, λ₁ = {l1})</translation>
    </message>
    <message>
        <source>diverges above η = {eta} (2(λ₁ + δ)/λ₁, λ₁ = {l1}, δ = {delta})</source>
        <translation>η = {eta}보다 크면 발산 (2(λ₁ + δ)/λ₁, λ₁ = {l1}, δ = {delta})</translation>
    </message>
    <message>
        <source>diverges above η = {eta} ((2 + 2ρ)/λ₁, λ₁ = {l1}, ρ = {rho})</source>
        <translation>η = {eta}보다 크면 발산 ((2 + 2ρ)/λ₁, λ₁ = {l1}, ρ = {rho})</translation>
    </message>
    <message>
        <source>diverges above η = {eta} (2(1 + ρ)/(λ₁(1 + 2ρ)), λ₁ = {l1}, ρ = {rho})</source>
        <translation>η = {eta}보다 크면 발산 (2(1 + ρ)/(λ₁(1 + 2ρ)), λ₁ = {l1}, ρ = {rho})</translation>
    </message>
    <message>
        <source>best η = {eta} (2/(c₁ + c₂), cᵢ = λᵢ/(λᵢ + δ)), rate {rate:.3g}</source>
        <translation>최적 η = {eta} (2/(c₁ + c₂), cᵢ = λᵢ/(λᵢ + δ)), 수렴률 {rate:.3g}</translation>
    </message>
    <message>
        <source>best η = {eta} (2/(λ₁ + λ₂)), rate {rate:.3g}</source>
        <translation>최적 η = {eta} (2/(λ₁ + λ₂)), 수렴률 {rate:.3g}</translation>
    </message>
    <message>
        <source>Polyak&apos;s best: η = {eta}, ρ = {rho:.3g}, rate {rate:.3g}</source>
        <translation>Polyak의 최적값: η = {eta}, ρ = {rho:.3g}, 수렴률 {rate:.3g}</translation>
    </message>
    <message>
        <source>At the minimum {point} the ball heads for: {curvatures}.</source>
        <translation>공이 향하는 극소점 {point}에서: {curvatures}.</translation>
    </message>
    <message>
        <source>The rate: with those settings each step multiplies the distance to the minimum by about this much.</source>
        <translation>수렴률: 그 설정에서 스텝마다 극소점까지의 거리에 대략 이 값이 곱해집니다.</translation>
    </message>
    <message>
        <source>The shaded end of the slider diverges; the green tick is the best η.</source>
        <translation>슬라이더의 칠해진 끝 부분은 발산합니다. 초록 눈금이 최적 η입니다.</translation>
    </message>
    <message>
        <source>The shaded end of the slider diverges.</source>
        <translation>슬라이더의 칠해진 끝 부분은 발산합니다.</translation>
    </message>
</context>
<context>
    <name>BranchQuestion</name>
    <message>
        <source>A setting changed at step {step}</source>
        <translation>스텝 {step}에서 설정이 바뀌었습니다</translation>
    </message>
    <message>
        <source>Restart from the start, or branch from step {step}?</source>
        <translation>처음부터 다시 시작할까요, 스텝 {step}에서 분기할까요?</translation>
    </message>
    <message>
        <source>A branch goes on from step {step} with the new setting; the path the ball would have taken stays on the map as a dashed ghost.</source>
        <translation>분기하면 스텝 {step}부터 새 설정으로 이어 갑니다. 공이 원래 갔을 경로는 지도에 점선 고스트로 남습니다.</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>다시 시작</translation>
    </message>
    <message>
        <source>Branch from step {step}</source>
        <translation>스텝 {step}에서 분기</translation>
    </message>
    <message>
        <source>Remember my choice</source>
        <translation>이 선택 기억하기</translation>
    </message>
    <message>
        <source>Ask Each Time</source>
        <translation>매번 묻기</translation>
    </message>
    <message>
        <source>Ask whether to restart or branch</source>
        <translation>다시 시작할지 분기할지 묻습니다</translation>
    </message>
    <message>
        <source>Branch from the Step Shown</source>
        <translation>보이는 스텝에서 분기</translation>
    </message>
    <message>
        <source>The changed ball goes on from the step shown; its old path stays as a ghost</source>
        <translation>바뀐 공은 보이는 스텝부터 이어 가고, 원래 경로는 고스트로 남습니다</translation>
    </message>
    <message>
        <source>Restart from the Start</source>
        <translation>처음부터 다시 시작</translation>
    </message>
    <message>
        <source>The run starts again from step 0</source>
        <translation>실행이 스텝 0부터 다시 시작됩니다</translation>
    </message>
    <message>
        <source>Settings Changed Mid-Run</source>
        <translation>실행 중 설정 변경</translation>
    </message>
</context>
<context>
    <name>ComparisonTable</name>
    <message>
        <source>Ball</source>
        <translation>공</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>Steps to
converge</source>
        <translation>수렴까지
스텝</translation>
    </message>
    <message>
        <source>Path
length</source>
        <translation>경로
길이</translation>
    </message>
    <message>
        <source>Copy as CSV</source>
        <translation>CSV로 복사</translation>
    </message>
    <message>
        <source>Every ball&apos;s row, at full precision, for a spreadsheet</source>
        <translation>모든 공의 행을 최대 정밀도로 복사합니다 (스프레드시트용)</translation>
    </message>
    <message>
        <source>(before the change at step {step})</source>
        <translation>(스텝 {step}에서 바뀌기 전)</translation>
    </message>
    <message>
        <source>diverged at step {step}</source>
        <translation>스텝 {step}에서 발산</translation>
    </message>
    <message>
        <source>left the domain at step {step}</source>
        <translation>스텝 {step}에서 정의역을 벗어남</translation>
    </message>
    <message>
        <source>stopped on flat ground (gradient 0) at step {step}</source>
        <translation>스텝 {step}에서 평평한 곳에 멈춤 (기울기 0)</translation>
    </message>
    <message>
        <source>Step {step}. Showing {shown} of {total} balls; the CSV has all.</source>
        <translation>스텝 {step}. 공 {total}개 중 {shown}개를 보여 줍니다. CSV에는 모두 있습니다.</translation>
    </message>
    <message>
        <source>Step {step}.</source>
        <translation>스텝 {step}.</translation>
    </message>
    <message>
        <source>Copied {n} rows as CSV.</source>
        <translation>{n}개 행을 CSV로 복사했습니다.</translation>
    </message>
</context>
<context>
    <name>ContourView</name>
    <message>
        <source>arrows: −∇f, one scale; the longest is |∇f| = {n:.3g}</source>
        <translation>화살표: −∇f (같은 축척), 가장 긴 것이 |∇f| = {n:.3g}</translation>
    </message>
</context>
<context>
    <name>ControlPanel</name>
    <message>
        <source>Landscape</source>
        <translation>손실 지형</translation>
    </message>
    <message>
        <source>Your function (type it below)</source>
        <translation>직접 입력한 함수 (아래에 입력)</translation>
    </message>
    <message>
        <source>Quadratic (κ, rotation)</source>
        <translation>이차 함수 (κ, 회전)</translation>
    </message>
    <message>
        <source>(the lesson&apos;s landscape)</source>
        <translation>(수업의 지형)</translation>
    </message>
    <message>
        <source>e.g. x^2 + y^2, then Enter</source>
        <translation>예: x^2 + y^2 입력 후 Enter</translation>
    </message>
    <message>
        <source>Type f(x) or f(x, y), e.g. x^2 + y^2, then Enter</source>
        <translation>f(x) 또는 f(x, y)를 입력하고 Enter (예: x^2 + y^2)</translation>
    </message>
    <message>
        <source>view {axis}</source>
        <translation>보기 {axis}</translation>
    </message>
    <message>
        <source>The view box: {axis} from</source>
        <translation>보기 범위: {axis} 시작</translation>
    </message>
    <message>
        <source>The view box: {axis} to</source>
        <translation>보기 범위: {axis} 끝</translation>
    </message>
    <message>
        <source>Start {axis}</source>
        <translation>시작점 {axis}</translation>
    </message>
    <message>
        <source>Start point</source>
        <translation>시작점</translation>
    </message>
    <message>
        <source>Click the plot to drop it there; drag the start marker to move it.</source>
        <translation>그래프를 클릭하면 그 자리가 시작점이 됩니다. 시작점 표시를 끌어서 옮길 수도 있습니다.</translation>
    </message>
    <message>
        <source>Balls</source>
        <translation>공</translation>
    </message>
    <message>
        <source>Check my gradient</source>
        <translation>내 기울기 확인</translation>
    </message>
    <message>
        <source>Derivative</source>
        <translation>미분</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>End of this lesson: PageDown for the next lesson</source>
        <translation>이 수업의 끝입니다: 다음 수업은 PageDown</translation>
    </message>
    <message>
        <source>End of the last lesson: Esc leaves the lessons</source>
        <translation>마지막 수업의 끝입니다: Esc로 수업을 나갑니다</translation>
    </message>
    <message>
        <source>Recording an animation: the change was not made.</source>
        <translation>애니메이션을 녹화하는 중이라 바꾸지 않았습니다.</translation>
    </message>
    <message>
        <source>End of this stage: PageDown for the next</source>
        <translation>이 단계의 끝입니다: 다음 단계는 PageDown</translation>
    </message>
    <message>
        <source>Every ball has stopped (step {n}): PageDown for the next</source>
        <translation>모든 공이 멈췄습니다 (스텝 {n}): 다음 단계는 PageDown</translation>
    </message>
    <message>
        <source>Every ball has stopped (step {n}): PageDown for the next lesson</source>
        <translation>모든 공이 멈췄습니다 (스텝 {n}): 다음 수업은 PageDown</translation>
    </message>
    <message>
        <source>Every ball has stopped (step {n}): Esc leaves the lessons</source>
        <translation>모든 공이 멈췄습니다 (스텝 {n}): Esc로 수업을 나갑니다</translation>
    </message>
    <message>
        <source>Balls set to {landscape}&apos;s suggestions; Ctrl+Z to undo.</source>
        <translation>공을 {landscape}의 추천 설정으로 바꿨습니다. Ctrl+Z로 되돌릴 수 있습니다.</translation>
    </message>
    <message>
        <source>Landscape set to {landscape}; Ctrl+Z to undo.</source>
        <translation>지형을 {landscape}(으)로 바꿨습니다. Ctrl+Z로 되돌릴 수 있습니다.</translation>
    </message>
    <message>
        <source>Type your gradient under “Check my gradient” first; then a ball can follow it.</source>
        <translation>먼저 “내 기울기 확인”에 기울기를 입력하세요. 그러면 공이 그 기울기를 따라갈 수 있습니다.</translation>
    </message>
    <message>
        <source>Predict starts from the start: the run was reset to step 0.</source>
        <translation>예측은 처음부터 시작합니다: 실행을 스텝 0으로 되돌렸습니다.</translation>
    </message>
    <message>
        <source>No event of the selected ball in the next {steps} steps.</source>
        <translation>선택한 공에는 다음 {steps} 스텝 안에 이벤트가 없습니다.</translation>
    </message>
    <message>
        <source>No earlier event of the selected ball.</source>
        <translation>선택한 공에는 이전 이벤트가 없습니다.</translation>
    </message>
    <message>
        <source>This change cannot go on from step {step}: the run restarted.</source>
        <translation>이 변경은 스텝 {step}부터 이어 갈 수 없어 실행을 다시 시작했습니다.</translation>
    </message>
</context>
<context>
    <name>CriticalPoints</name>
    <message>
        <source>minimum</source>
        <translation>극소점</translation>
    </message>
    <message>
        <source>saddle</source>
        <translation>안장점</translation>
    </message>
    <message>
        <source>maximum</source>
        <translation>극대점</translation>
    </message>
</context>
<context>
    <name>CurvatureLayer</name>
    <message>
        <source>(&lt; 0: curves down)</source>
        <translation>(&lt; 0: 아래로 휨)</translation>
    </message>
    <message>
        <source>(flat)</source>
        <translation>(평평함)</translation>
    </message>
    <message>
        <source>saddle: no ellipse, the level lines are hyperbolas</source>
        <translation>안장점: 타원 없음, 등고선은 쌍곡선</translation>
    </message>
    <message>
        <source>flat one way: the level lines are parallel</source>
        <translation>한 방향으로 평평함: 등고선은 평행선</translation>
    </message>
    <message>
        <source>flat: no curvature</source>
        <translation>평평함: 곡률 없음</translation>
    </message>
    <message>
        <source>(≤ 0: curves down or flat)</source>
        <translation>(≤ 0: 아래로 휘었거나 평평함)</translation>
    </message>
</context>
<context>
    <name>CurvaturePanel</name>
    <message>
        <source>Back to the selected ball</source>
        <translation>선택한 공으로 돌아가기</translation>
    </message>
    <message>
        <source>Click a critical point (★, ✕) on the map to see its curvature.</source>
        <translation>지도의 임계점(★, ✕)을 클릭하면 그 점의 곡률을 봅니다.</translation>
    </message>
    <message>
        <source>The position is not a number here (the ball diverged): there is no curvature to show.</source>
        <translation>이 위치는 수가 아닙니다(공이 발산했습니다). 보여 줄 곡률이 없습니다.</translation>
    </message>
    <message>
        <source>The curvature here is not a finite number (f is not defined or not smooth around this point).</source>
        <translation>여기서 곡률은 유한한 수가 아닙니다(이 점 근처에서 f가 정의되지 않았거나 매끄럽지 않습니다).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Curvature at the {kind}&lt;/b&gt; {point}</source>
        <translation>&lt;b&gt;{kind}의 곡률&lt;/b&gt; {point}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Curvature at the start&lt;/b&gt; {point}</source>
        <translation>&lt;b&gt;시작점의 곡률&lt;/b&gt; {point}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Curvature under {ball}&lt;/b&gt;, step {step}: {point}</source>
        <translation>&lt;b&gt;{ball} 위치의 곡률&lt;/b&gt;, 스텝 {step}: {point}</translation>
    </message>
    <message>
        <source>along {v}</source>
        <translation>방향 {v}</translation>
    </message>
    <message>
        <source>not defined: λ₂ ≤ 0</source>
        <translation>정의되지 않음: λ₂ ≤ 0</translation>
    </message>
    <message>
        <source>Curved upwards every way: the level lines here are ellipses, √κ = {root} times as long along λ₂&apos;s direction as along λ₁&apos;s. Near a minimum curved like this, gradient descent is stable only for η &lt; 2/λ₁ = {bound}.</source>
        <translation>모든 방향으로 위로 휘어 있습니다. 여기서 등고선은 타원이고, λ₂ 방향으로 λ₁ 방향보다 √κ = {root}배 깁니다. 이렇게 휜 최솟값 근처에서 경사 하강법은 η &lt; 2/λ₁ = {bound}일 때만 안정합니다.</translation>
    </message>
    <message>
        <source>λ₂ &lt; 0: curved downwards along λ₂&apos;s direction and upwards along λ₁&apos;s, a saddle. No ellipse: the level lines here are hyperbolas.</source>
        <translation>λ₂ &lt; 0: λ₂ 방향으로는 아래로, λ₁ 방향으로는 위로 휜 안장점입니다. 타원이 없습니다: 여기서 등고선은 쌍곡선입니다.</translation>
    </message>
    <message>
        <source>λ₁ &lt; 0: curved downwards every way, as on a hilltop. The level lines are ellipses again, but the ground falls away from here.</source>
        <translation>λ₁ &lt; 0: 언덕 꼭대기처럼 모든 방향으로 아래로 휘어 있습니다. 등고선은 다시 타원이지만, 지면은 여기서부터 낮아집니다.</translation>
    </message>
    <message>
        <source>λ₂ = 0: flat along λ₂&apos;s direction. The level lines here are parallel lines, and κ is infinite.</source>
        <translation>λ₂ = 0: λ₂ 방향으로 평평합니다. 여기서 등고선은 평행선이고 κ는 무한대입니다.</translation>
    </message>
    <message>
        <source>The dashed parabola f(p) + f′(p)(x − p) + ½f″(p)(x − p)² touches the curve at p with its slope and its bend.</source>
        <translation>점선 포물선 f(p) + f′(p)(x − p) + ½f″(p)(x − p)²은 p에서 곡선과 같은 기울기, 같은 휨으로 맞닿습니다.</translation>
    </message>
    <message>
        <source>f″ &gt; 0: curved upwards. Gradient descent is stable near a minimum this curved only for η &lt; 2/f″ = {bound}.</source>
        <translation>f″ &gt; 0: 위로 휘어 있습니다. 이만큼 휜 최솟값 근처에서 경사 하강법은 η &lt; 2/f″ = {bound}일 때만 안정합니다.</translation>
    </message>
    <message>
        <source>f″ ≤ 0: curved downwards or flat here: no minimum to settle in.</source>
        <translation>f″ ≤ 0: 여기서는 아래로 휘었거나 평평합니다. 머물 최솟값이 없습니다.</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <source>fit: {ball}</source>
        <translation>맞춘 선: {ball}</translation>
    </message>
</context>
<context>
    <name>DerivativePanel</name>
    <message>
        <source>central: (f(x+h) − f(x−h)) / 2h</source>
        <translation>중앙 차분: (f(x+h) − f(x−h)) / 2h</translation>
    </message>
    <message>
        <source>forward: (f(x+h) − f(x)) / h</source>
        <translation>전방 차분: (f(x+h) − f(x)) / h</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>방법</translation>
    </message>
    <message>
        <source>error</source>
        <translation>오차</translation>
    </message>
    <message>
        <source>Ctrl + wheel zooms the plot; the wheel alone scrolls the panel.</source>
        <translation>Ctrl + 휠로 그래프를 확대·축소합니다. 휠만 돌리면 패널이 스크롤됩니다.</translation>
    </message>
    <message>
        <source>forward</source>
        <translation>전방 차분</translation>
    </message>
    <message>
        <source>central</source>
        <translation>중앙 차분</translation>
    </message>
    <message>
        <source>Right: truncation error (the formula&apos;s); left: rounding error (the computer&apos;s). At h = 1e-50, x + h rounds to x: the difference is 0.</source>
        <translation>오른쪽: 절단 오차 (공식의 오차), 왼쪽: 반올림 오차 (컴퓨터의 오차). h = 1e-50이면 x + h가 x로 반올림되어 차이가 0이 됩니다.</translation>
    </message>
    <message>
        <source>Numerical differentiation is shown for functions of x alone: choose the parabola or type f(x).</source>
        <translation>수치 미분은 x 하나의 함수에서만 보여 줍니다: 포물선을 고르거나 f(x)를 입력하세요.</translation>
    </message>
    <message>
        <source>At {name} = {x:g}: estimate {estimate:.12g}, exact {exact:.12g}, error {error:.3g}</source>
        <translation>{name} = {x:g}에서: 추정값 {estimate:.12g}, 정확한 값 {exact:.12g}, 오차 {error:.3g}</translation>
    </message>
</context>
<context>
    <name>Domain</name>
    <message>
        <source>undefined where {condition}</source>
        <translation>{condition}인 곳에서 정의되지 않음</translation>
    </message>
    <message>
        <source>undefined at {condition}</source>
        <translation>{condition}에서 정의되지 않음</translation>
    </message>
    <message>
        <source>undefined everywhere</source>
        <translation>어디에서도 정의되지 않음</translation>
    </message>
    <message>
        <source>undefined in part of the view (shaded)</source>
        <translation>보기 영역의 일부에서 정의되지 않음 (빗금 친 곳)</translation>
    </message>
    <message>
        <source>{first} or {second}</source>
        <translation>{first} 또는 {second}</translation>
    </message>
</context>
<context>
    <name>ErrorDialogs</name>
    <message>
        <source>Something went wrong: {error}

Your setup is unchanged; you can keep working.</source>
        <translation>문제가 생겼습니다: {error}

설정은 그대로이니 계속 작업할 수 있습니다.</translation>
    </message>
    <message>
        <source>(happened {n} times)</source>
        <translation>({n}번 일어났습니다)</translation>
    </message>
</context>
<context>
    <name>Events</name>
    <message>
        <source>loss rose</source>
        <translation>손실 증가</translation>
    </message>
    <message>
        <source>overshoot</source>
        <translation>지나침</translation>
    </message>
    <message>
        <source>saddle</source>
        <translation>안장점</translation>
    </message>
    <message>
        <source>converged</source>
        <translation>수렴</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>발산</translation>
    </message>
    <message>
        <source>left the domain</source>
        <translation>정의역을 벗어남</translation>
    </message>
    <message>
        <source>the loss rose</source>
        <translation>손실이 커졌습니다</translation>
    </message>
    <message>
        <source>the step crossed the valley</source>
        <translation>스텝이 골짜기를 건너뛰었습니다</translation>
    </message>
    <message>
        <source>near a saddle: a small gradient, the ground curving up one way and down another</source>
        <translation>안장점 근처입니다: 기울기가 작고, 땅이 한쪽으로는 위로, 다른 쪽으로는 아래로 휘어 있습니다</translation>
    </message>
    <message>
        <source>the ball converged</source>
        <translation>공이 수렴했습니다</translation>
    </message>
    <message>
        <source>the ball diverged</source>
        <translation>공이 발산했습니다</translation>
    </message>
    <message>
        <source>the ball left the domain</source>
        <translation>공이 정의역을 벗어났습니다</translation>
    </message>
    <message>
        <source>Step {step}: {names} — {sentences}.</source>
        <translation>{step} 스텝: {names} — {sentences}.</translation>
    </message>
</context>
<context>
    <name>ExplainPanel</name>
    <message>
        <source>Step (→) takes exactly this step. Select another ball in the list to explain it.</source>
        <translation>스텝(→)을 누르면 바로 이 스텝을 진행합니다. 다른 공을 설명하려면 목록에서 선택하세요.</translation>
    </message>
    <message>
        <source>Arrows on the map:</source>
        <translation>지도의 화살표:</translation>
    </message>
    <message>
        <source>this ball</source>
        <translation>이 공</translation>
    </message>
    <message>
        <source>every ball</source>
        <translation>모든 공</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>This ball is switched off: tick it in the list to run it.</source>
        <translation>이 공은 꺼져 있습니다: 목록에서 체크하면 실행됩니다.</translation>
    </message>
    <message>
        <source>{swatch} &lt;b&gt;{label}&lt;/b&gt;: step {step}</source>
        <translation>{swatch} &lt;b&gt;{label}&lt;/b&gt;: 스텝 {step}</translation>
    </message>
    <message>
        <source>It takes no more steps.</source>
        <translation>더 이상 움직이지 않습니다.</translation>
    </message>
    <message>
        <source>The run has stopped.</source>
        <translation>실행이 멈췄습니다.</translation>
    </message>
    <message>
        <source>velocity so far</source>
        <translation>지금까지의 속도</translation>
    </message>
    <message>
        <source>look-ahead point</source>
        <translation>앞선 지점</translation>
    </message>
    <message>
        <source>steps taken, this one included</source>
        <translation>이번을 포함한 스텝 수</translation>
    </message>
    <message>
        <source>weight decay</source>
        <translation>가중치 감쇠</translation>
    </message>
    <message>
        <source>the step taken</source>
        <translation>실제 이동량</translation>
    </message>
    <message>
        <source>this step&apos;s gradient noise, seed {seed}</source>
        <translation>이 스텝의 기울기 잡음, 시드 {seed}</translation>
    </message>
    <message>
        <source>momentum buffer so far</source>
        <translation>지금까지의 모멘텀 버퍼</translation>
    </message>
    <message>
        <source>H is not positive definite here: Newton&apos;s step heads for a saddle or maximum</source>
        <translation>여기서 H는 양의 정부호가 아닙니다: Newton 스텝은 안장점이나 최댓값으로 향합니다</translation>
    </message>
    <message>
        <source>H + δ·I is singular here: there is no Newton step, and the ball stays</source>
        <translation>여기서 H + δ·I는 특이 행렬입니다: Newton 스텝이 없으므로 공은 그대로 있습니다</translation>
    </message>
    <message>
        <source>g·d &gt; −1e-9: no descent along d, no step (torch&apos;s tolerance_change)</source>
        <translation>g·d &gt; −1e-9: d 방향으로 내려가지 않으므로 스텝이 없습니다 (torch의 tolerance_change)</translation>
    </message>
    <message>
        <source>f(x + t·d) ≥ f(x): the line search keeps x (t = 0)</source>
        <translation>f(x + t·d) ≥ f(x): 선 탐색이 x를 유지합니다 (t = 0)</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG 이미지 (*.svg)</translation>
    </message>
    <message>
        <source>GIF animation (*.gif)</source>
        <translation>GIF 애니메이션 (*.gif)</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 동영상 (*.mp4)</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 표 (*.csv)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>The 3-D surface is drawn by OpenGL, as pixels: export it as PNG. SVG holds the 2-D views and the whole window.</source>
        <translation>3차원 곡면은 OpenGL이 픽셀로 그립니다: PNG로 내보내세요. SVG에는 2차원 보기와 창 전체를 담을 수 있습니다.</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>내보내기를 취소했습니다. 아무것도 저장하지 않았습니다.</translation>
    </message>
    <message>
        <source>{name} is read-only. Replace it anyway?</source>
        <translation>{name}은(는) 읽기 전용입니다. 그래도 바꿀까요?</translation>
    </message>
    <message>
        <source>{path} is read-only and was kept; nothing was written.</source>
        <translation>{path}은(는) 읽기 전용이라 그대로 두었습니다. 아무것도 저장하지 않았습니다.</translation>
    </message>
    <message>
        <source>Nothing was written: the file name is empty.</source>
        <translation>아무것도 저장하지 않았습니다: 파일 이름이 비어 있습니다.</translation>
    </message>
    <message>
        <source>Nothing was written: {path} is a folder; give a file name.</source>
        <translation>아무것도 저장하지 않았습니다: {path}은(는) 폴더입니다. 파일 이름을 정하세요.</translation>
    </message>
    <message>
        <source>Nothing was written: {path} is a device, a FIFO or a socket, not a file; gdsim writes regular files only.</source>
        <translation>아무것도 저장하지 않았습니다: {path}은(는) 파일이 아니라 장치, FIFO 또는 소켓입니다. gdsim은 일반 파일에만 씁니다.</translation>
    </message>
    <message>
        <source>Could not write {path}: the disk is full. Nothing was written, and a file already there is kept as it was.</source>
        <translation>{path}에 쓰지 못했습니다: 디스크가 가득 찼습니다. 아무것도 저장하지 않았고, 원래 있던 파일은 그대로입니다.</translation>
    </message>
    <message>
        <source>Could not write {path}: the folder {folder} is read-only or not yours. Nothing was written; choose another folder.</source>
        <translation>{path}에 쓰지 못했습니다: {folder} 폴더는 읽기 전용이거나 쓸 권한이 없습니다. 아무것도 저장하지 않았습니다. 다른 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>Could not write {path}: the folder {folder} does not exist.</source>
        <translation>{path}에 쓰지 못했습니다: {folder} 폴더가 없습니다.</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>{path}에 쓰지 못했습니다: {error}</translation>
    </message>
    <message>
        <source>Image copied to the clipboard</source>
        <translation>이미지를 클립보드에 복사했습니다</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>{path}에 저장했습니다</translation>
    </message>
    <message>
        <source>Keeping every step of this run needs more memory than there is; reset and take fewer steps.</source>
        <translation>이 실행의 모든 스텝을 기록하기에는 메모리가 부족합니다. 초기화한 뒤 스텝 수를 줄이세요.</translation>
    </message>
    <message>
        <source>Recording frames from the engine…</source>
        <translation>엔진에서 프레임을 기록하는 중…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Open Setup</source>
        <translation>설정 열기</translation>
    </message>
    <message>
        <source>Lesson files (*.toml);;All files (*)</source>
        <translation>수업 파일 (*.toml);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Could not open {name}; the setup on screen is unchanged.

{error}</source>
        <translation>{name}을(를) 열지 못했습니다. 화면의 설정은 그대로입니다.

{error}</translation>
    </message>
    <message>
        <source>Opened {path}</source>
        <translation>{path}을(를) 열었습니다</translation>
    </message>
    <message>
        <source>Save Setup as Lesson</source>
        <translation>설정을 수업으로 저장</translation>
    </message>
    <message>
        <source>Lesson files (*.toml)</source>
        <translation>수업 파일 (*.toml)</translation>
    </message>
    <message>
        <source>{name} exists. Replace it?</source>
        <translation>{name}이(가) 이미 있습니다. 바꿀까요?</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>PNG 이미지</translation>
    </message>
    <message>
        <source>SVG image (lines and text stay sharp at any size)</source>
        <translation>SVG 이미지 (선과 글자가 어떤 크기에서도 선명함)</translation>
    </message>
    <message>
        <source>Copy the image to the clipboard</source>
        <translation>이미지를 클립보드에 복사</translation>
    </message>
    <message>
        <source>GIF animation</source>
        <translation>GIF 애니메이션</translation>
    </message>
    <message>
        <source>MP4 video</source>
        <translation>MP4 동영상</translation>
    </message>
    <message>
        <source>MP4 video: needs imageio-ffmpeg; add it with {command}</source>
        <translation>MP4 동영상: imageio-ffmpeg가 필요합니다. {command}로 추가하세요</translation>
    </message>
    <message>
        <source>Trajectories as CSV</source>
        <translation>궤적 (CSV)</translation>
    </message>
    <message>
        <source>Trajectories as JSON (as gdsim run prints them)</source>
        <translation>궤적 (JSON, gdsim run 출력 형식)</translation>
    </message>
    <message>
        <source>Install the optional video support: {command}</source>
        <translation>선택 사항인 동영상 지원을 설치하세요: {command}</translation>
    </message>
    <message>
        <source>Landscape: the contour map, or the curve</source>
        <translation>지형: 등고선 지도 또는 곡선</translation>
    </message>
    <message>
        <source>3-D surface</source>
        <translation>3차원 곡면</translation>
    </message>
    <message>
        <source>Loss plot</source>
        <translation>손실 그래프</translation>
    </message>
    <message>
        <source>Whole window</source>
        <translation>창 전체</translation>
    </message>
    <message>
        <source>{n}× ({note})</source>
        <translation>{n}× ({note})</translation>
    </message>
    <message>
        <source>as on screen</source>
        <translation>화면 그대로</translation>
    </message>
    <message>
        <source>sharper, for slides</source>
        <translation>더 선명하게, 슬라이드용</translation>
    </message>
    <message>
        <source>View</source>
        <translation>보기</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>해상도</translation>
    </message>
    <message>
        <source>Steps per frame</source>
        <translation>프레임당 스텝</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>프레임</translation>
    </message>
    <message>
        <source>Frames per second</source>
        <translation>초당 프레임</translation>
    </message>
    <message>
        <source>Recorded from step 0 to step {last}: {frames} frames, {k} steps apart, {seconds:.1f} s at {fps} frames a second; it ends early once every ball has stopped. Each frame is drawn from the engine, whatever the playback speed.</source>
        <translation>스텝 0부터 스텝 {last}까지 기록: 프레임 {frames}개, {k} 스텝 간격, 초당 {fps} 프레임으로 {seconds:.1f}초. 모든 공이 멈추면 일찍 끝납니다. 각 프레임은 재생 속도와 상관없이 엔진에서 그립니다.</translation>
    </message>
    <message>
        <source>The view as it is now, at step {step}.</source>
        <translation>스텝 {step}의 현재 보기 그대로.</translation>
    </message>
    <message>
        <source>Every ball&apos;s position and loss at every step so far, as gdsim run prints them for the same setup.</source>
        <translation>지금까지 매 스텝의 모든 공의 위치와 손실 (같은 설정에서 gdsim run이 출력하는 형식).</translation>
    </message>
</context>
<context>
    <name>ExpressionError</name>
    <message>
        <source>malformed number &apos;{number}&apos; at column {column}</source>
        <translation>{column}열: 잘못된 수 &apos;{number}&apos;</translation>
    </message>
    <message>
        <source>attribute &apos;.{name}&apos; at column {column} is not allowed</source>
        <translation>{column}열: 속성 &apos;.{name}&apos;은(는) 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>unexpected &apos;{text}&apos; at column {column}</source>
        <translation>{column}열: 여기에 올 수 없는 &apos;{text}&apos;</translation>
    </message>
    <message>
        <source>quote at column {column}; strings are not allowed</source>
        <translation>{column}열: 따옴표. 문자열은 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>&apos;{bracket}&apos; at column {column}; use round parentheses ( ) to group</source>
        <translation>{column}열: &apos;{bracket}&apos;. 묶을 때는 둥근 괄호 ( )를 쓰세요</translation>
    </message>
    <message>
        <source>&apos;,&apos; at column {column}; functions take one argument and decimals use &apos;.&apos;</source>
        <translation>{column}열: &apos;,&apos;. 함수는 인수를 하나만 받고, 소수점은 &apos;.&apos;입니다</translation>
    </message>
    <message>
        <source>&apos;=&apos; at column {column}; type only the expression, like x^2 + y^2</source>
        <translation>{column}열: &apos;=&apos;. x^2 + y^2처럼 식만 입력하세요</translation>
    </message>
    <message>
        <source>&apos;;&apos; at column {column}; type one expression</source>
        <translation>{column}열: &apos;;&apos;. 식을 하나만 입력하세요</translation>
    </message>
    <message>
        <source>unexpected character &apos;{character}&apos; at column {column}</source>
        <translation>{column}열: 쓸 수 없는 문자 &apos;{character}&apos;</translation>
    </message>
    <message>
        <source>unexpected character &apos;√&apos; at column {column}; use sqrt(...)</source>
        <translation>{column}열: 쓸 수 없는 문자 &apos;√&apos;. sqrt(...)를 쓰세요</translation>
    </message>
    <message>
        <source>unexpected character &apos;|&apos; at column {column}; use abs(...)</source>
        <translation>{column}열: 쓸 수 없는 문자 &apos;|&apos;. abs(...)를 쓰세요</translation>
    </message>
    <message>
        <source>the expression must be text</source>
        <translation>식은 텍스트여야 합니다</translation>
    </message>
    <message>
        <source>the expression is too long ({length} characters; at most {limit})</source>
        <translation>식이 너무 깁니다 ({length}자, 최대 {limit}자)</translation>
    </message>
    <message>
        <source>the expression is empty</source>
        <translation>식이 비어 있습니다</translation>
    </message>
    <message>
        <source>the expression is too big; at most {limit} numbers, names and operators</source>
        <translation>식이 너무 큽니다. 수, 이름, 연산자는 모두 합쳐 최대 {limit}개입니다</translation>
    </message>
    <message>
        <source>the expression is too deeply nested</source>
        <translation>식이 너무 깊게 중첩되어 있습니다</translation>
    </message>
    <message>
        <source>too many nested parentheses at column {column}; at most {limit}</source>
        <translation>{column}열: 괄호가 너무 많이 중첩되었습니다 (최대 {limit})</translation>
    </message>
    <message>
        <source>too many nested powers at column {column}; at most {limit}</source>
        <translation>{column}열: 거듭제곱이 너무 많이 중첩되었습니다 (최대 {limit})</translation>
    </message>
    <message>
        <source>&apos;)&apos; at column {column} has no matching &apos;(&apos;</source>
        <translation>{column}열: &apos;)&apos;에 짝이 되는 &apos;(&apos;가 없습니다</translation>
    </message>
    <message>
        <source>&apos;(&apos; at column {column} is never closed</source>
        <translation>{column}열: &apos;(&apos;가 닫히지 않았습니다</translation>
    </message>
    <message>
        <source>empty parentheses at column {column}</source>
        <translation>{column}열: 괄호 안이 비어 있습니다</translation>
    </message>
    <message>
        <source>missing a term after &apos;{operator}&apos; at column {column}</source>
        <translation>{column}열: &apos;{operator}&apos; 뒤에 항이 없습니다</translation>
    </message>
    <message>
        <source>missing operator before &apos;{number}&apos; at column {column}</source>
        <translation>{column}열: &apos;{number}&apos; 앞에 연산자가 없습니다</translation>
    </message>
    <message>
        <source>function &apos;{name}&apos; at column {column} needs parentheses, as in {name}(x)</source>
        <translation>{column}열: 함수 &apos;{name}&apos;에는 {name}(x)처럼 괄호가 필요합니다</translation>
    </message>
    <message>
        <source>unknown function &apos;{name}&apos; at column {column}; functions are {functions}</source>
        <translation>{column}열: 알 수 없는 함수 &apos;{name}&apos;. 쓸 수 있는 함수: {functions}</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; at column {column} is not allowed; type a formula in {variable}</source>
        <translation>{column}열: &apos;{name}&apos;은(는) 쓸 수 없습니다. {variable}에 대한 식을 입력하세요</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; at column {column} is not allowed; type a formula in {others} and {last}</source>
        <translation>{column}열: &apos;{name}&apos;은(는) 쓸 수 없습니다. {others}, {last}에 대한 식을 입력하세요</translation>
    </message>
    <message>
        <source>unknown name &apos;{name}&apos; at column {column}; the variable is {variable}</source>
        <translation>{column}열: 알 수 없는 이름 &apos;{name}&apos;. 변수는 {variable}입니다</translation>
    </message>
    <message>
        <source>unknown name &apos;{name}&apos; at column {column}; variables are {others} and {last}</source>
        <translation>{column}열: 알 수 없는 이름 &apos;{name}&apos;. 변수는 {others}, {last}입니다</translation>
    </message>
    <message>
        <source>unknown name &apos;{name}&apos; at column {column}; write {function}({rest})</source>
        <translation>{column}열: 알 수 없는 이름 &apos;{name}&apos;. {function}({rest})처럼 쓰세요</translation>
    </message>
    <message>
        <source>&apos;{piece}&apos; at column {column} divides by zero</source>
        <translation>{column}열: &apos;{piece}&apos;에서 0으로 나눕니다</translation>
    </message>
    <message>
        <source>&apos;{piece}&apos; at column {column} is too large</source>
        <translation>{column}열: &apos;{piece}&apos;이(가) 너무 큽니다</translation>
    </message>
    <message>
        <source>&apos;{piece}&apos; at column {column} is undefined</source>
        <translation>{column}열: &apos;{piece}&apos;은(는) 정의되지 않습니다</translation>
    </message>
    <message>
        <source>&apos;{piece}&apos; at column {column} is not a real number</source>
        <translation>{column}열: &apos;{piece}&apos;은(는) 실수가 아닙니다</translation>
    </message>
    <message>
        <source>number &apos;{number}&apos; at column {column} is too large</source>
        <translation>{column}열: 수 &apos;{number}&apos;이(가) 너무 큽니다</translation>
    </message>
    <message>
        <source>exponent {exponent} at column {column} is too large; at most {limit}</source>
        <translation>{column}열: 지수 {exponent}이(가) 너무 큽니다 (최대 {limit})</translation>
    </message>
    <message>
        <source>part of the expression is not a real number</source>
        <translation>식의 일부가 실수가 아닙니다</translation>
    </message>
    <message>
        <source>the expression cannot be computed: a number in it is beyond the range of floating point (about 10⁻³⁰⁸ to 10³⁰⁸)</source>
        <translation>식을 계산할 수 없습니다: 식 안의 수가 부동소수점 범위(약 10⁻³⁰⁸에서 10³⁰⁸)를 벗어납니다</translation>
    </message>
    <message>
        <source>the expression cannot be computed ({kind})</source>
        <translation>식을 계산할 수 없습니다 ({kind})</translation>
    </message>
    <message>
        <source>the expression has no variable; use x (and y)</source>
        <translation>식에 변수가 없습니다. x(와 y)를 쓰세요</translation>
    </message>
    <message>
        <source>expected 1 gradient component, got {count}</source>
        <translation>기울기 성분 1개가 필요한데 {count}개를 받았습니다</translation>
    </message>
    <message>
        <source>expected {dim} gradient components separated by &apos;;&apos;, got {count}</source>
        <translation>&apos;;&apos;로 구분한 기울기 성분 {dim}개가 필요한데 {count}개를 받았습니다</translation>
    </message>
    <message>
        <source>∂f/∂{variable}: {problem}</source>
        <translation>∂f/∂{variable}: {problem}</translation>
    </message>
</context>
<context>
    <name>FieldMessage</name>
    <message>
        <source>“{typed}” is not a number; {name} stays {kept}.</source>
        <translation>“{typed}”은(는) 숫자가 아닙니다. {name}은(는) {kept}(으)로 유지됩니다.</translation>
    </message>
    <message>
        <source>{typed} is too small: {name} must be at least {low}; it stays {kept}.</source>
        <translation>{typed}은(는) 너무 작습니다. {name}은(는) {low} 이상이어야 하므로 {kept}(으)로 유지됩니다.</translation>
    </message>
    <message>
        <source>{typed} is too large: {name} must be at most {high}; it stays {kept}.</source>
        <translation>{typed}은(는) 너무 큽니다. {name}은(는) {high} 이하여야 하므로 {kept}(으)로 유지됩니다.</translation>
    </message>
    <message>
        <source>{typed} is not a whole number; {name} stays {kept}.</source>
        <translation>{typed}은(는) 정수가 아닙니다. {name}은(는) {kept}(으)로 유지됩니다.</translation>
    </message>
</context>
<context>
    <name>GhostLayer</name>
    <message>
        <source>ghost: f = {loss}</source>
        <translation>고스트: f = {loss}</translation>
    </message>
</context>
<context>
    <name>GradientCheck</name>
    <message>
        <source>the exact gradient is undefined everywhere in the view box: nothing to compare</source>
        <translation>보기 영역 어디에서도 정확한 기울기가 정의되지 않아 비교할 것이 없습니다</translation>
    </message>
</context>
<context>
    <name>GradientChecker</name>
    <message>
        <source>Type the gradient you derived by hand. gdsim compares it with the exact gradient over the whole view, or lets a ball follow it.</source>
        <translation>손으로 구한 기울기를 입력하세요. gdsim이 보기 범위 전체에서 정확한 기울기와 비교하거나, 공이 그 기울기를 따라가게 합니다.</translation>
    </message>
    <message>
        <source>Check my gradient</source>
        <translation>내 기울기 확인</translation>
    </message>
    <message>
        <source>Run with my gradient</source>
        <translation>내 기울기로 실행</translation>
    </message>
    <message>
        <source>Adds a ball that follows your gradient next to the selected ball</source>
        <translation>선택한 공 옆에 내 기울기를 따라가는 공을 추가합니다</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#007a4d&apos;&gt;✓ ∂f/∂{v} is right&lt;/b&gt; (largest difference {e:.2g})</source>
        <translation>&lt;b style=&apos;color:#007a4d&apos;&gt;✓ ∂f/∂{v}가 맞습니다&lt;/b&gt; (최대 차이 {e:.2g})</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#b00020&apos;&gt;✗ ∂f/∂{v} is wrong&lt;/b&gt;: at ({where}) yours gives {yours:.6g}, the exact value is {exact:.6g} (off by {e:.3g})</source>
        <translation>&lt;b style=&apos;color:#b00020&apos;&gt;✗ ∂f/∂{v}가 틀렸습니다&lt;/b&gt;: ({where})에서 입력한 식은 {yours:.6g}, 정확한 값은 {exact:.6g}입니다 (차이 {e:.3g})</translation>
    </message>
    <message>
        <source>A ball now follows your gradient, marked “{mark}”.</source>
        <translation>이제 공 하나가 내 기울기를 따라갑니다. “{mark}” 표시가 붙습니다.</translation>
    </message>
</context>
<context>
    <name>LandscapePlot</name>
    <message>
        <source>start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>left the domain at step {step}</source>
        <translation>스텝 {step}에서 정의역을 벗어남</translation>
    </message>
    <message>
        <source>diverged at step {step}</source>
        <translation>스텝 {step}에서 발산</translation>
    </message>
    <message>
        <source>last at {place}, step {step}</source>
        <translation>스텝 {step}의 마지막 위치 {place}</translation>
    </message>
</context>
<context>
    <name>Landscapes</name>
    <message>
        <source>Momentum demo (lesson L4)</source>
        <translation>모멘텀 데모 (수업 L4)</translation>
    </message>
    <message>
        <source>Parabola (lesson L1)</source>
        <translation>포물선 (수업 L1)</translation>
    </message>
    <message>
        <source>Error rate (a staircase)</source>
        <translation>오류율 (계단 함수)</translation>
    </message>
    <message>
        <source>Sigmoid error (smooth)</source>
        <translation>시그모이드 오류율 (매끄러운 버전)</translation>
    </message>
    <message>
        <source>Bowl</source>
        <translation>그릇 모양</translation>
    </message>
    <message>
        <source>Ravine</source>
        <translation>좁은 골짜기</translation>
    </message>
    <message>
        <source>Saddle</source>
        <translation>안장 모양</translation>
    </message>
    <message>
        <source>Local minimum</source>
        <translation>지역 최솟값</translation>
    </message>
    <message>
        <source>Rosenbrock</source>
        <translation>로젠브록 함수</translation>
    </message>
    <message>
        <source>Himmelblau</source>
        <translation>힘멜블라우 함수</translation>
    </message>
    <message>
        <source>Beale</source>
        <translation>빌 함수</translation>
    </message>
    <message>
        <source>Rastrigin</source>
        <translation>라스트리긴 함수</translation>
    </message>
    <message>
        <source>Fitting a line (lesson L3)</source>
        <translation>직선 맞추기 (수업 L3)</translation>
    </message>
    <message>
        <source>Fitting a sine (lesson L3)</source>
        <translation>사인 곡선 맞추기 (수업 L3)</translation>
    </message>
    <message>
        <source>Loss of one weight (lesson L5)</source>
        <translation>가중치 하나의 손실 (수업 L5)</translation>
    </message>
    <message>
        <source>SGD, Momentum and Nesterov from (0.5, 5.8): the momentum balls overshoot, then turn.</source>
        <translation>(0.5, 5.8)에서 출발하는 SGD, 모멘텀, 네스테로프: 모멘텀이 있는 공은 지나쳤다가 방향을 바꿉니다.</translation>
    </message>
    <message>
        <source>f(x) = x² from x₀ = 4: try η = 0.01 (crawls), 0.1 (steady) and 1.2 (diverges).</source>
        <translation>x₀ = 4에서 출발하는 f(x) = x²: η = 0.01 (느림), 0.1 (꾸준함), 1.2 (발산)를 해 보세요.</translation>
    </message>
    <message>
        <source>Accuracy as an objective: a staircase, flat almost everywhere, so its gradient is 0 and no ball moves.</source>
        <translation>정확도를 목적 함수로 쓰면 계단 함수가 됩니다: 거의 어디서나 평평해서 기울기가 0이고, 어떤 공도 움직이지 않습니다.</translation>
    </message>
    <message>
        <source>The same count made smooth with a sigmoid: the slope is never 0, so gradient descent moves.</source>
        <translation>같은 개수를 시그모이드 함수로 매끄럽게 했습니다: 기울기가 0이 되지 않으므로 경사하강법이 움직입니다.</translation>
    </message>
    <message>
        <source>The simplest convex bowl: every optimizer reaches the minimum at the origin.</source>
        <translation>가장 단순한 볼록 함수: 모든 옵티마이저가 원점의 최솟값에 도달합니다.</translation>
    </message>
    <message>
        <source>A narrow valley: SGD zig-zags across it and crawls along it; momentum builds speed.</source>
        <translation>좁은 골짜기: SGD는 골짜기를 가로질러 지그재그로 움직이고 골짜기를 따라서는 느리게 기어갑니다. 모멘텀은 속도를 붙입니다.</translation>
    </message>
    <message>
        <source>Start near the ridge: the balls slide to the saddle point, stall, then escape along y.</source>
        <translation>능선 근처에서 출발: 공은 안장점으로 미끄러져 멈칫한 뒤 y축을 따라 빠져나갑니다.</translation>
    </message>
    <message>
        <source>Two basins: SGD settles in the shallow right one, momentum rolls over into the deep left one.</source>
        <translation>골짜기 두 개: SGD는 얕은 오른쪽 골짜기에 자리 잡고, 모멘텀은 능선을 넘어 깊은 왼쪽 골짜기로 굴러갑니다.</translation>
    </message>
    <message>
        <source>A curved, flat-bottomed valley: finding it is easy, following it to (1, 1) is slow.</source>
        <translation>휘어지고 바닥이 평평한 골짜기: 골짜기를 찾기는 쉽지만, 골짜기를 따라 (1, 1)까지 가는 것은 느립니다.</translation>
    </message>
    <message>
        <source>Four minima of equal depth: which one a ball reaches depends on where it starts.</source>
        <translation>깊이가 같은 극소점 네 개: 공이 어느 극소점에 도달할지는 시작점에 달려 있습니다.</translation>
    </message>
    <message>
        <source>Flat plateaus and steep walls; the minimum is at (3, 0.5).</source>
        <translation>평평한 고원과 가파른 벽. 최솟값은 (3, 0.5)에 있습니다.</translation>
    </message>
    <message>
        <source>A field of local minima: every ball stops in one near its start, far from the global minimum at the origin.</source>
        <translation>지역 최솟값이 가득한 지형: 모든 공이 시작점 근처의 극소점에 멈추고, 원점의 전역 최솟값에서는 멀리 떨어져 있습니다.</translation>
    </message>
    <message>
        <source>Your own function. Its gradient is exact: derived symbolically, not by finite differences.</source>
        <translation>직접 입력한 함수. 기울기는 유한 차분이 아니라 기호 미분으로 구한 정확한 값입니다.</translation>
    </message>
    <message>
        <source>share of the 9 points tᵢ with tᵢ &gt; x (wrongly classified)</source>
        <translation>9개 점 tᵢ 중 tᵢ &gt; x인 점의 비율 (잘못 분류된 점)</translation>
    </message>
    <message>
        <source>mean σ(1.5(tᵢ − x)) over the 9 points tᵢ</source>
        <translation>9개 점 tᵢ에 대한 σ(1.5(tᵢ − x))의 평균</translation>
    </message>
    <message>
        <source>Quadratic (κ = {kappa}, rotation {rotation}°)</source>
        <translation>이차 함수 (κ = {kappa}, 회전 {rotation}°)</translation>
    </message>
    <message>
        <source>A quadratic whose curvatures are 2 and 2/κ: the stability bounds are exact on it.</source>
        <translation>곡률이 2와 2/κ인 이차 함수: 안정성 한계가 이 위에서 정확히 맞습니다.</translation>
    </message>
</context>
<context>
    <name>LessonBar</name>
    <message>
        <source>stage {k} of {n}: {title}</source>
        <translation>{n}단계 중 {k}단계: {title}</translation>
    </message>
    <message>
        <source>Choose a stage</source>
        <translation>단계 고르기</translation>
    </message>
</context>
<context>
    <name>LessonNavigation</name>
    <message>
        <source>This is the last lesson: Esc leaves the lessons</source>
        <translation>마지막 수업입니다: Esc로 수업을 나갑니다</translation>
    </message>
    <message>
        <source>&amp;Stages</source>
        <translation>단계(&amp;S)</translation>
    </message>
</context>
<context>
    <name>LessonPlayer</name>
    <message>
        <source>(the run has left this stage: its start or balls were changed)</source>
        <translation>(이 단계를 벗어났습니다: 시작점이나 공이 바뀌었습니다)</translation>
    </message>
    <message>
        <source>(the run has left this stage, which shows step 0)</source>
        <translation>(이 단계를 벗어났습니다: 이 단계는 스텝 0을 보여 줍니다)</translation>
    </message>
    <message>
        <source>(past this stage&apos;s {n} steps)</source>
        <translation>(이 단계의 {n} 스텝을 지났습니다)</translation>
    </message>
    <message>
        <source>Press Play to run this stage&apos;s {n} steps.</source>
        <translation>재생을 누르면 이 단계의 {n} 스텝을 실행합니다.</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>loss at the start: {value}</source>
        <translation>시작 손실: {value}</translation>
    </message>
    <message>
        <source>Log scale (loss − minimum)</source>
        <translation>로그 눈금 (손실 − 최솟값)</translation>
    </message>
    <message>
        <source>step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>loss − minimum</source>
        <translation>손실 − 최솟값</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>epoch {number}</source>
        <translation>에폭 {number}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Next Lesson</source>
        <translation>다음 수업</translation>
    </message>
    <message>
        <source>The next lesson, from its first stage</source>
        <translation>다음 수업을 첫 단계부터</translation>
    </message>
    <message>
        <source>Run to End of Stage</source>
        <translation>단계 끝까지 실행</translation>
    </message>
    <message>
        <source>Play the rest of the lesson stage in about 3 seconds, and stop at its end</source>
        <translation>수업 단계의 남은 스텝을 약 3초 동안 재생하고 단계 끝에서 멈춥니다</translation>
    </message>
    <message>
        <source>Some lessons could not be read: {problems}</source>
        <translation>일부 수업을 읽지 못했습니다: {problems}</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>Take one step</source>
        <translation>한 스텝 진행</translation>
    </message>
    <message>
        <source>Step Back</source>
        <translation>스텝 뒤로</translation>
    </message>
    <message>
        <source>Go back one step, exactly</source>
        <translation>정확히 한 스텝 되돌아가기</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>재생</translation>
    </message>
    <message>
        <source>Play or pause</source>
        <translation>재생 또는 일시정지</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <source>Back to the start point</source>
        <translation>시작점으로 되돌리기</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <source>Take back the last change of the landscape, the balls or the starts</source>
        <translation>지형, 공, 시작점에 대한 마지막 변경을 되돌립니다</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <source>Make the change you took back again</source>
        <translation>되돌린 변경을 다시 적용합니다</translation>
    </message>
    <message>
        <source>Leave Lesson</source>
        <translation>수업 나가기</translation>
    </message>
    <message>
        <source>Back to your own setup from before the lesson</source>
        <translation>수업 전의 내 설정으로 돌아갑니다</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>Save or copy a picture of a view, record an animation, or save the trajectories</source>
        <translation>보기의 그림을 저장하거나 복사하고, 애니메이션을 기록하거나, 궤적을 저장합니다</translation>
    </message>
    <message>
        <source>Open Setup…</source>
        <translation>설정 열기…</translation>
    </message>
    <message>
        <source>Open a lesson file and play it</source>
        <translation>수업 파일을 열어 재생합니다</translation>
    </message>
    <message>
        <source>Save Setup as Lesson…</source>
        <translation>설정을 수업으로 저장…</translation>
    </message>
    <message>
        <source>Save the landscape, starts, balls and steps as a lesson file</source>
        <translation>지형, 시작점, 공, 스텝 수를 수업 파일로 저장합니다</translation>
    </message>
    <message>
        <source>Next stage</source>
        <translation>다음 단계</translation>
    </message>
    <message>
        <source>Next lesson stage</source>
        <translation>수업의 다음 단계</translation>
    </message>
    <message>
        <source>Previous stage</source>
        <translation>이전 단계</translation>
    </message>
    <message>
        <source>Previous lesson stage</source>
        <translation>수업의 이전 단계</translation>
    </message>
    <message>
        <source>Explain Step</source>
        <translation>스텝 설명</translation>
    </message>
    <message>
        <source>The selected ball&apos;s coming step, with its numbers and arrows</source>
        <translation>선택한 공의 다음 스텝을 수치와 화살표로 보여 줍니다</translation>
    </message>
    <message>
        <source>3-D Surface</source>
        <translation>3차원 곡면</translation>
    </message>
    <message>
        <source>Show or hide the 3-D surface view</source>
        <translation>3차원 곡면 보기를 보이거나 숨깁니다</translation>
    </message>
    <message>
        <source>Control Panel</source>
        <translation>제어판</translation>
    </message>
    <message>
        <source>Show or hide the control panel: the map takes its room</source>
        <translation>제어판을 보이거나 숨깁니다: 숨기면 지도가 그 자리를 씁니다</translation>
    </message>
    <message>
        <source>Gradient Field</source>
        <translation>기울기 벡터장</translation>
    </message>
    <message>
        <source>Arrows of −∇f on the contour map</source>
        <translation>등고선 지도 위에 −∇f 화살표를 그립니다</translation>
    </message>
    <message>
        <source>Full Screen</source>
        <translation>전체 화면</translation>
    </message>
    <message>
        <source>Full screen for the projector</source>
        <translation>프로젝터용 전체 화면</translation>
    </message>
    <message>
        <source>Presenter Mode</source>
        <translation>발표자 모드</translation>
    </message>
    <message>
        <source>Larger text, balls and lines for the back row</source>
        <translation>뒷자리에서도 보이게 글자, 공, 선을 크게</translation>
    </message>
    <message>
        <source>High Contrast</source>
        <translation>고대비</translation>
    </message>
    <message>
        <source>Darker map and lines for a washed-out projector</source>
        <translation>흐릿한 프로젝터를 위해 지도와 선을 진하게</translation>
    </message>
    <message>
        <source>Reset to Defaults</source>
        <translation>기본값으로 재설정</translation>
    </message>
    <message>
        <source>Forget the window&apos;s size, layout and look, and restore the defaults</source>
        <translation>창 크기, 배치, 모양 설정을 지우고 기본값으로 되돌립니다</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>About gdsim</source>
        <translation>gdsim 정보</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Balls</source>
        <translation>공(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>수업(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>System language ({language})</source>
        <translation>시스템 언어 ({language})</translation>
    </message>
    <message>
        <source>The 3-D surface is not shown: show it with View ▸ 3-D Surface (F3).</source>
        <translation>3차원 곡면이 보이지 않습니다: 보기 ▸ 3차원 곡면 (F3)으로 켜세요.</translation>
    </message>
    <message>
        <source>3-D view unavailable: {problem}</source>
        <translation>3차원 보기를 쓸 수 없습니다: {problem}</translation>
    </message>
    <message>
        <source>The 3-D view drew nothing here (OpenGL gave a blank picture); nothing was written. The 2-D views and the whole window can be exported.</source>
        <translation>이 화면에서는 3차원 보기가 아무것도 그리지 못했습니다(OpenGL이 빈 그림을 주었습니다). 아무것도 저장하지 않았습니다. 2차원 보기와 창 전체는 내보낼 수 있습니다.</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시정지</translation>
    </message>
    <message>
        <source>The last setup could not be restored: {error}</source>
        <translation>지난 설정을 되살리지 못했습니다: {error}</translation>
    </message>
    <message>
        <source>gdsim {version}
Gradient descent, shown: SGD, Momentum and Nesterov balls on one loss landscape.</source>
        <translation>gdsim {version}
눈으로 보는 경사하강법: 하나의 손실 지형 위를 달리는 SGD, 모멘텀, 네스테로프 공.</translation>
    </message>
    <message>
        <source>Follow Balls</source>
        <translation>공 따라가기</translation>
    </message>
    <message>
        <source>Zoom the map out, smoothly, so every running ball and the start stay in view</source>
        <translation>움직이는 모든 공과 시작점이 보이도록 지도를 부드럽게 축소합니다</translation>
    </message>
    <message>
        <source>Fit to Balls</source>
        <translation>공에 맞추기</translation>
    </message>
    <message>
        <source>Show every running ball and the start</source>
        <translation>움직이는 모든 공과 시작점을 모두 보여 줍니다</translation>
    </message>
    <message>
        <source>Lock Aspect</source>
        <translation>가로세로 비율 고정</translation>
    </message>
    <message>
        <source>One unit as long across as up: level lines cross paths at right angles</source>
        <translation>가로와 세로의 한 단위를 같은 길이로: 등고선이 경로와 직각으로 만납니다</translation>
    </message>
    <message>
        <source>Curvature</source>
        <translation>곡률</translation>
    </message>
    <message>
        <source>The Hessian&apos;s eigen-directions and a level line of the local quadratic on the map, where the selected ball is; its numbers in the Curvature tab</source>
        <translation>선택한 공이 있는 곳에서 헤세 행렬의 고유 방향과 국소 이차 근사의 등고선을 지도에 그립니다. 수치는 곡률 탭에 있습니다</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>예측</translation>
    </message>
    <message>
        <source>Before Play: the class clicks guesses of where the selected ball will be after k steps; Reveal shows the answer</source>
        <translation>재생하기 전에: 선택한 공이 k 스텝 후 어디에 있을지 반이 지도를 클릭해 추측합니다. 공개를 누르면 답이 보입니다</translation>
    </message>
    <message>
        <source>Predict: Converges or Diverges?</source>
        <translation>예측: 수렴할까, 발산할까?</translation>
    </message>
    <message>
        <source>Before Play: count the class&apos;s votes for converges, diverges or stalls; Reveal shows the answer</source>
        <translation>재생하기 전에: 수렴, 발산, 멈춤에 대한 반의 투표를 셉니다. 공개를 누르면 답이 보입니다</translation>
    </message>
    <message>
        <source>Remove Last Guess</source>
        <translation>마지막 추측 지우기</translation>
    </message>
    <message>
        <source>Take the last guess off the map</source>
        <translation>지도에서 마지막 추측을 지웁니다</translation>
    </message>
    <message>
        <source>Next Event</source>
        <translation>다음 이벤트</translation>
    </message>
    <message>
        <source>Run on to the selected ball&apos;s next event: the loss rose, an overshoot, a saddle, or where it stopped</source>
        <translation>선택한 공의 다음 이벤트까지 진행합니다: 손실 증가, 지나침, 안장점, 또는 멈춘 곳</translation>
    </message>
    <message>
        <source>Previous Event</source>
        <translation>이전 이벤트</translation>
    </message>
    <message>
        <source>Back to the selected ball&apos;s event before this step</source>
        <translation>이 스텝 이전의 선택한 공의 이벤트로 돌아갑니다</translation>
    </message>
    <message>
        <source>Event Markers</source>
        <translation>이벤트 표시</translation>
    </message>
    <message>
        <source>Small labelled markers where the balls&apos; events happened, on the trails and the loss plot</source>
        <translation>공의 이벤트가 일어난 곳에 이름이 붙은 작은 표시를 경로와 손실 그래프 위에 그립니다</translation>
    </message>
    <message>
        <source>Fan of Noisy Runs</source>
        <translation>여러 번 실행(팬)</translation>
    </message>
    <message>
        <source>Run each ball that has noise σ &gt; 0 with many noise seeds: its median path and the band of 10–90 % of the runs</source>
        <translation>잡음 σ &gt; 0인 공마다 여러 잡음 시드로 실행합니다: 중앙값 경로와 실행의 10–90 %가 지나는 띠</translation>
    </message>
    <message>
        <source>{runs} Runs</source>
        <translation>{runs}번 실행</translation>
    </message>
    <message>
        <source>Each fan runs {runs} noise seeds</source>
        <translation>팬마다 잡음 시드 {runs}개로 실행합니다</translation>
    </message>
    <message>
        <source>No ball has noise, so every run would be the same: give a ball a noise σ above 0 (Selected ball ▸ Noise σ), then Balls ▸ Fan</source>
        <translation>잡음이 있는 공이 없어 모든 실행이 같습니다: 공에 0보다 큰 잡음 σ를 주고(선택한 공 ▸ 잡음 σ) 공 ▸ 여러 번 실행(팬)을 고르세요</translation>
    </message>
    <message>
        <source>Fans are drawn on a 2-D map for at most {count} noisy balls</source>
        <translation>팬은 2차원 지도에서 잡음이 있는 공 {count}개까지만 그립니다</translation>
    </message>
    <message>
        <source>Fan: {runs} runs of each noisy ball, noise seeds {first} to {last}; the band holds 10–90 % of them</source>
        <translation>팬: 잡음이 있는 공마다 {runs}번 실행, 잡음 시드 {first}부터 {last}까지. 띠 안에 실행의 10–90 %가 있습니다</translation>
    </message>
    <message>
        <source>Fan Runs</source>
        <translation>팬 실행 횟수</translation>
    </message>
</context>
<context>
    <name>NoiseSeedBox</name>
    <message>
        <source>The seed of the noise of every noisy ball in this run: the same seed gives the same run, as gdsim run --seed does; Balls ▸ Fan runs this seed and the next ones</source>
        <translation>이 실행에서 잡음이 있는 모든 공의 잡음 시드: 같은 시드는 같은 실행을 줍니다(gdsim run --seed와 같음). 공 ▸ 여러 번 실행(팬)은 이 시드와 그다음 시드들로 실행합니다</translation>
    </message>
</context>
<context>
    <name>Optimizers</name>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>모멘텀</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>네스테로프</translation>
    </message>
    <message>
        <source>Adagrad</source>
        <translation>Adagrad</translation>
    </message>
    <message>
        <source>RMSprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <source>AMSGrad</source>
        <translation>AMSGrad</translation>
    </message>
    <message>
        <source>Adamax</source>
        <translation>Adamax</translation>
    </message>
    <message>
        <source>NAdam</source>
        <translation>NAdam</translation>
    </message>
    <message>
        <source>RAdam</source>
        <translation>RAdam</translation>
    </message>
    <message>
        <source>Adadelta</source>
        <translation>Adadelta</translation>
    </message>
    <message>
        <source>Rprop</source>
        <translation>Rprop</translation>
    </message>
    <message>
        <source>L-BFGS</source>
        <translation>L-BFGS</translation>
    </message>
    <message>
        <source>Newton</source>
        <translation>Newton</translation>
    </message>
    <message>
        <source>Lion</source>
        <translation>Lion</translation>
    </message>
    <message>
        <source>(your ∇f)</source>
        <translation>(내 ∇f)</translation>
    </message>
</context>
<context>
    <name>PlaybackBar</name>
    <message>
        <source>steps per second</source>
        <translation>초당 스텝</translation>
    </message>
    <message>
        <source>Pause stops the balls.</source>
        <translation>공을 멈추려면 일시정지를 누르세요.</translation>
    </message>
    <message>
        <source> Steps per second </source>
        <translation> 초당 스텝 </translation>
    </message>
    <message>
        <source>  Step {step}</source>
        <translation>  스텝 {step}</translation>
    </message>
</context>
<context>
    <name>PredictionBar</name>
    <message>
        <source>The step the question is about: Reveal runs to it from the start</source>
        <translation>질문이 묻는 스텝: 공개를 누르면 처음부터 이 스텝까지 실행합니다</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>공개</translation>
    </message>
    <message>
        <source>Run to step k and show the answer</source>
        <translation>스텝 k까지 실행하고 답을 보여 줍니다</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Converges</source>
        <translation>수렴</translation>
    </message>
    <message>
        <source>Diverges</source>
        <translation>발산</translation>
    </message>
    <message>
        <source>Stalls</source>
        <translation>멈춤</translation>
    </message>
    <message>
        <source>By step k: converges, diverges or stalls?</source>
        <translation>스텝 k까지: 수렴, 발산, 멈춤?</translation>
    </message>
    <message>
        <source>Where will the ball be after k steps?</source>
        <translation>k 스텝 후 공은 어디에 있을까요?</translation>
    </message>
    <message>
        <source>{outcome} ({n})</source>
        <translation>{outcome} ({n})</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Count the class&apos;s votes, then Reveal.</source>
        <translation>반의 투표를 센 다음 공개를 누르세요.</translation>
    </message>
    <message>
        <source>Answer: it converges (step {k}): {n} of {votes} votes.</source>
        <translation>답: 수렴합니다 (스텝 {k}): {votes}표 중 {n}표.</translation>
    </message>
    <message>
        <source>Answer: it diverges (step {k}): {n} of {votes} votes.</source>
        <translation>답: 발산합니다 (스텝 {k}): {votes}표 중 {n}표.</translation>
    </message>
    <message>
        <source>Answer: it stalls (step {k}): {n} of {votes} votes.</source>
        <translation>답: 멈춥니다 (스텝 {k}): {votes}표 중 {n}표.</translation>
    </message>
    <message>
        <source>Click the map for each guess (Backspace removes the last): {n} placed.</source>
        <translation>지도를 클릭해 추측을 하나씩 놓으세요 (Backspace는 마지막 추측을 지웁니다): {n}개 놓음.</translation>
    </message>
    <message>
        <source>No guesses were placed (step {k}).</source>
        <translation>놓인 추측이 없습니다 (스텝 {k}).</translation>
    </message>
    <message>
        <source>Guess {number} is closest: {distance} away.</source>
        <translation>{number}번 추측이 가장 가깝습니다: 거리 {distance}.</translation>
    </message>
</context>
<context>
    <name>QuadraticKnobs</name>
    <message>
        <source>condition number κ</source>
        <translation>조건수 κ</translation>
    </message>
    <message>
        <source>λ₁/λ₂, from 1 (a round bowl) to 1,000 (a narrow ravine); the arrows step ×1.26</source>
        <translation>λ₁/λ₂, 1(둥근 그릇)부터 1,000(좁은 골짜기)까지. 화살표는 ×1.26씩 바꿉니다</translation>
    </message>
    <message>
        <source>rotation (°)</source>
        <translation>회전 (°)</translation>
    </message>
    <message>
        <source>The turn of the steep axis, in degrees</source>
        <translation>가파른 축을 돌린 각도 (도)</translation>
    </message>
</context>
<context>
    <name>Rendering</name>
    <message>
        <source>A picture of {width} × {height} pixels at {scale}× is too large; the limit is {limit} million pixels: choose a smaller scale or a smaller window.</source>
        <translation>{width} × {height} 픽셀을 {scale}배로 저장하기에는 그림이 너무 큽니다. 한도는 {limit}백만 픽셀입니다: 배율을 줄이거나 창을 작게 하세요.</translation>
    </message>
    <message>
        <source>{frames} frames of {width} × {height} pixels at {scale}× are too many; keep frames × pixels at most {limit} billion: take fewer frames or a smaller scale.</source>
        <translation>{width} × {height} 픽셀, {scale}배의 프레임 {frames}개는 너무 많습니다. 프레임 수 × 픽셀 수는 {limit}0억 이하여야 합니다: 프레임 수나 배율을 줄이세요.</translation>
    </message>
</context>
<context>
    <name>Schedules</name>
    <message>
        <source>constant</source>
        <translation>고정</translation>
    </message>
    <message>
        <source>step</source>
        <translation>계단식</translation>
    </message>
    <message>
        <source>exponential</source>
        <translation>지수</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>코사인 어닐링</translation>
    </message>
    <message>
        <source>cosine-restarts</source>
        <translation>코사인 (웜 리스타트)</translation>
    </message>
    <message>
        <source>constant η</source>
        <translation>고정 η</translation>
    </message>
    <message>
        <source>step decay ×{gamma} every {step_size} steps</source>
        <translation>계단식 ({step_size} 스텝마다 ×{gamma})</translation>
    </message>
    <message>
        <source>exponential decay ×{gamma} every step</source>
        <translation>지수 (매 스텝 ×{gamma})</translation>
    </message>
    <message>
        <source>cosine annealing over {T_max} steps</source>
        <translation>코사인 어닐링 ({T_max} 스텝)</translation>
    </message>
    <message>
        <source>cosine restarts every {T_0} steps</source>
        <translation>코사인 웜 리스타트 ({T_0} 스텝마다)</translation>
    </message>
    <message>
        <source>step decay</source>
        <translation>계단식</translation>
    </message>
    <message>
        <source>exponential decay</source>
        <translation>지수</translation>
    </message>
    <message>
        <source>cosine annealing</source>
        <translation>코사인 어닐링</translation>
    </message>
    <message>
        <source>cosine restarts</source>
        <translation>코사인 웜 리스타트</translation>
    </message>
    <message>
        <source>ηₘᵢₙ={eta_min}</source>
        <translation>ηₘᵢₙ={eta_min}</translation>
    </message>
    <message>
        <source>each cycle ×{T_mult} longer</source>
        <translation>주기마다 ×{T_mult}씩 길게</translation>
    </message>
</context>
<context>
    <name>Stability</name>
    <message>
        <source>{name} scales each step by a running size of the gradient: its steps are about η long whatever the curvature, so no bound in η alone holds</source>
        <translation>{name}은(는) 각 스텝을 기울기의 이동 평균 크기로 나눕니다. 곡률과 상관없이 스텝 길이가 대략 η이므로 η만으로 정해지는 한계가 없습니다</translation>
    </message>
    <message>
        <source>{name} builds each step from the steps and gradients it remembers: not one fixed linear map, so no bound in η alone holds</source>
        <translation>{name}은(는) 기억해 둔 스텝과 기울기로 매 스텝을 만듭니다. 하나의 고정된 선형 사상이 아니므로 η만으로 정해지는 한계가 없습니다</translation>
    </message>
    <message>
        <source>no minimum of the landscape is known or found: no point to take the curvature at</source>
        <translation>알려지거나 찾은 극소점이 없어 곡률을 잴 점이 없습니다</translation>
    </message>
    <message>
        <source>the curvature at the minimum is not a finite number</source>
        <translation>극소점의 곡률이 유한한 수가 아닙니다</translation>
    </message>
    <message>
        <source>the ground here is not curved upwards every way (λ₂ ≤ 0): no minimum to be stable at</source>
        <translation>이곳은 모든 방향으로 위로 휘어 있지 않습니다 (λ₂ ≤ 0): 안정적으로 머물 극소점이 없습니다</translation>
    </message>
</context>
<context>
    <name>StageLabel</name>
    <message>
        <source>{stage}
Click to choose another stage</source>
        <translation>{stage}
클릭하여 다른 단계를 고릅니다</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>running</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <source>converged</source>
        <translation>수렴</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>발산</translation>
    </message>
    <message>
        <source>undefined</source>
        <translation>정의되지 않음</translation>
    </message>
    <message>
        <source>no step</source>
        <translation>스텝 없음</translation>
    </message>
</context>
<context>
    <name>StepArrows</name>
    <message>
        <source>gradient&apos;s step</source>
        <translation>기울기 항</translation>
    </message>
    <message>
        <source>velocity ρ·v</source>
        <translation>속도 ρ·v</translation>
    </message>
    <message>
        <source>average gradient&apos;s step</source>
        <translation>평균 기울기의 스텝</translation>
    </message>
    <message>
        <source>update</source>
        <translation>업데이트</translation>
    </message>
    <message>
        <source>next position</source>
        <translation>다음 위치</translation>
    </message>
    <message>
        <source>look-ahead</source>
        <translation>앞선 지점</translation>
    </message>
    <message>
        <source>arrows ×{k:g}, the whole run</source>
        <translation>화살표 ×{k:g} (실행 내내 같은 배율)</translation>
    </message>
    <message>
        <source>arrows at true length</source>
        <translation>화살표는 실제 길이</translation>
    </message>
    <message>
        <source>arrows under {px:g} px drawn {px:g} px long</source>
        <translation>{px:g} px보다 짧은 화살표는 {px:g} px로 그림</translation>
    </message>
    <message>
        <source>cut at the map&apos;s edge</source>
        <translation>지도 가장자리에서 잘림</translation>
    </message>
</context>
<context>
    <name>SurfaceView</name>
    <message>
        <source>OpenGL was turned off ({variable} is set).</source>
        <translation>OpenGL이 꺼져 있습니다 ({variable}이(가) 설정됨).</translation>
    </message>
    <message>
        <source>the &apos;{platform}&apos; Qt platform has no OpenGL for widgets.</source>
        <translation>&apos;{platform}&apos; Qt 플랫폼은 위젯용 OpenGL을 지원하지 않습니다.</translation>
    </message>
    <message>
        <source>No OpenGL context could be created on this display.</source>
        <translation>이 디스플레이에서 OpenGL 컨텍스트를 만들 수 없습니다.</translation>
    </message>
    <message>
        <source>An OpenGL context was created but could not be made current.</source>
        <translation>OpenGL 컨텍스트를 만들었지만 활성화하지 못했습니다.</translation>
    </message>
    <message>
        <source>PyOpenGL cannot draw into Qt&apos;s OpenGL context here ({problem}).</source>
        <translation>여기서는 PyOpenGL이 Qt의 OpenGL 컨텍스트에 그릴 수 없습니다({problem}).</translation>
    </message>
    <message>
        <source>OpenGL 2.1 or newer is needed; this display offers {major}.{minor}.</source>
        <translation>OpenGL 2.1 이상이 필요합니다. 이 디스플레이는 {major}.{minor}를 제공합니다.</translation>
    </message>
    <message>
        <source>Preparing the 3-D view…</source>
        <translation>3차원 보기를 준비하는 중…</translation>
    </message>
    <message>
        <source>Reset View</source>
        <translation>보기 초기화</translation>
    </message>
    <message>
        <source>Turn the surface back to where it started</source>
        <translation>곡면을 처음 보던 방향으로 되돌립니다</translation>
    </message>
    <message>
        <source>3-D view unavailable: {problem}
The contour and loss views work as usual.</source>
        <translation>3차원 보기를 쓸 수 없습니다: {problem}
등고선과 손실 보기는 그대로 작동합니다.</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
</context>
<context>
    <name>SweepPanel</name>
    <message>
        <source>Sweep</source>
        <translation>탐색</translation>
    </message>
    <message>
        <source>Run every enabled ball from the start point once per η</source>
        <translation>켜진 모든 공을 시작점에서 η마다 한 번씩 실행합니다</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>η from</source>
        <translation>η 범위</translation>
    </message>
    <message>
        <source>to</source>
        <translation>~</translation>
    </message>
    <message>
        <source>points</source>
        <translation>점 수</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>Enable a ball to sweep its η.</source>
        <translation>η를 탐색하려면 공을 켜 주세요.</translation>
    </message>
    <message>
        <source>The η range needs its first value below the second.</source>
        <translation>η 범위의 첫 값은 둘째 값보다 작아야 합니다.</translation>
    </message>
    <message>
        <source>That is too many runs to wait for: take fewer points or steps, or use “gdsim sweep” on the command line.</source>
        <translation>기다리기에는 실행이 너무 많습니다: 점이나 스텝을 줄이거나, 명령줄에서 “gdsim sweep”을 쓰세요.</translation>
    </message>
    <message>
        <source>Sweeping {balls} × {points} η for {steps} steps…</source>
        <translation>공 {balls}개 × η {points}개를 {steps} 스텝씩 탐색하는 중…</translation>
    </message>
    <message>
        <source>Sweep cancelled.</source>
        <translation>탐색을 취소했습니다.</translation>
    </message>
    <message>
        <source>The sweep could not run: {error}</source>
        <translation>탐색을 실행하지 못했습니다: {error}</translation>
    </message>
    <message>
        <source>{balls} × {points} runs of {steps} steps from {start} in {ms:.0f} ms.
Click a point to run that η.</source>
        <translation>{start}에서 {steps} 스텝 실행을 {balls} × {points}회, {ms:.0f} ms.
점을 클릭하면 그 η로 실행합니다.</translation>
    </message>
    <message>
        <source>Press “Sweep” to run each enabled ball once per η from the start point, then click a point to run that η.</source>
        <translation>“탐색”을 누르면 켜진 공마다 시작점에서 η별로 한 번씩 실행합니다. 그다음 점을 클릭하면 그 η로 실행합니다.</translation>
    </message>
    <message>
        <source>The landscape, the start or the balls changed: the sweep was cancelled. Press “Sweep” to sweep again.</source>
        <translation>지형, 시작점 또는 공이 바뀌어 탐색을 취소했습니다. 다시 탐색하려면 “탐색”을 누르세요.</translation>
    </message>
    <message>
        <source>The landscape, the start or the balls changed: press “Sweep” to sweep again.</source>
        <translation>지형, 시작점 또는 공이 바뀌었습니다: 다시 탐색하려면 “탐색”을 누르세요.</translation>
    </message>
    <message>
        <source>η_max = {eta}</source>
        <translation>η_max = {eta}</translation>
    </message>
    <message>
        <source>No bound line: no minimum with λ₂ &gt; 0 found.</source>
        <translation>한계선 없음: λ₂ &gt; 0인 극소점을 찾지 못했습니다.</translation>
    </message>
    <message>
        <source>No bound line: {name} adapts its step to the gradient.</source>
        <translation>한계선 없음: {name}은(는) 기울기에 맞춰 스텝을 조절합니다.</translation>
    </message>
</context>
<context>
    <name>SweepPlot</name>
    <message>
        <source>Converged: {meaning}; × diverged.</source>
        <translation>수렴: {meaning}; ×는 발산.</translation>
    </message>
    <message>
        <source>η too small crawls, just right converges, too large diverges (×).</source>
        <translation>η가 너무 작으면 느리게 기어가고, 알맞으면 수렴하고, 너무 크면 발산합니다 (×).</translation>
    </message>
    <message>
        <source>steps to&lt;br&gt;converge</source>
        <translation>수렴까지&lt;br&gt;스텝</translation>
    </message>
    <message>
        <source>none converged within {steps} steps</source>
        <translation>{steps} 스텝 안에 수렴한 것이 없습니다</translation>
    </message>
    <message>
        <source>final loss</source>
        <translation>최종 손실</translation>
    </message>
    <message>
        <source>final loss&lt;br&gt;{sign} {offset:.4g}</source>
        <translation>최종 손실&lt;br&gt;{sign} {offset:.4g}</translation>
    </message>
    <message>
        <source>gradient and step below {tolerance} within {steps} steps</source>
        <translation>{steps} 스텝 안에 기울기와 스텝 크기 모두 {tolerance} 미만</translation>
    </message>
    <message>
        <source>gradient below {gradient} and step below {tolerance} within {steps} steps</source>
        <translation>{steps} 스텝 안에 기울기가 {gradient} 미만, 스텝 크기가 {tolerance} 미만</translation>
    </message>
    <message>
        <source>flat: the gradient at the start is 0, so no η moves the ball</source>
        <translation>평평함: 시작점의 기울기가 0이라 어떤 η로도 공이 움직이지 않습니다</translation>
    </message>
    <message>
        <source>none converged</source>
        <translation>수렴 없음</translation>
    </message>
    <message>
        <source>converged for η {lr:.3g}</source>
        <translation>η {lr:.3g} 수렴</translation>
    </message>
    <message>
        <source>converged for η {low:.3g}–{high:.3g}</source>
        <translation>η {low:.3g}–{high:.3g} 수렴</translation>
    </message>
    <message>
        <source>diverged from η {lr:.3g}</source>
        <translation>η {lr:.3g}부터 발산</translation>
    </message>
    <message>
        <source>no η diverged</source>
        <translation>발산한 η 없음</translation>
    </message>
    <message>
        <source>every η diverged</source>
        <translation>모든 η가 발산</translation>
    </message>
</context>
<context>
    <name>TimelineBar</name>
    <message>
        <source>Drag to see the run at any step it has reached</source>
        <translation>끌어서 지금까지 지나온 어느 스텝이든 봅니다</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>타임라인</translation>
    </message>
    <message>
        <source>{step} / {furthest}</source>
        <translation>{step} / {furthest}</translation>
    </message>
</context>
<context>
    <name>WindowLayout</name>
    <message>
        <source>Presenter mode: {controls} shows the control panel, {presenter} ends presenter mode.</source>
        <translation>발표자 모드: {controls} 키로 제어판을 보이고, {presenter} 키로 발표자 모드를 끝냅니다.</translation>
    </message>
</context>
</TS>
